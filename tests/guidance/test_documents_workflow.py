"""Guidance documents from draft to withdrawal, as the project team and readers see them."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from guidance.documents import services
from guidance.models import Document, Revision
from submissions.models import CriteriaRound, Section
from tests.guidance.factories import GUIDANCE_BODY, document_draft, document_edit, document_publish
from tests.guidance.pages import text

pytestmark = pytest.mark.django_db


def date_parts(value, name="review_due"):
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def new_document_data(owner, **overrides):
    data = {
        "title": "Monitoring: what to count & why",
        "summary": "Which figures the marker asks for, and how to keep them private.",
        "body": "## Declaration rates\n\nReport who **answered**, not only who is LGBT+.",
        "owner": owner.pk,
        **date_parts(timezone.localdate() + datetime.timedelta(days=200)),
    }
    data.update(overrides)
    return data


@pytest.fixture
def round_2022(db):
    criteria_round = CriteriaRound.objects.create(
        name="2022–2024", first_year=2022, last_year=2024
    )
    for number, name in [(1, "Policies and benefits"), (4, "Allies and role models")]:
        Section.objects.create(criteria_round=criteria_round, number=number, name=name)
    return criteria_round


def test_new_guidance_form_offers_sections_round_by_round(
    client, project_team, section, other_section, round_2022
):
    client.force_login(project_team)
    page = client.get(reverse("guidance:document_create")).content.decode()
    legends = re.findall(r"<legend[^>]*>\s*(.*?)\s*</legend>", page, flags=re.S)
    assert [legend for legend in legends if "criteria" in legend] == [
        "Sections of the 2022–2024 criteria it supports (optional)",
        "Sections of the 2018–2020 criteria it supports (optional)",
    ]
    # Each round's fieldset lists only its own sections.
    fieldsets = re.findall(r"<fieldset.*?</fieldset>", page, flags=re.S)
    newer = next(fieldset for fieldset in fieldsets if "2022–2024 criteria" in fieldset)
    assert "Allies and role models" in newer and "Procurement" not in newer


def test_project_team_drafts_guidance_only_the_project_team_can_see(
    client, project_team, member, section, round_2022
):
    client.force_login(project_team)
    newer_allies = round_2022.sections.get(number=4)
    response = client.post(
        reverse("guidance:document_create"),
        new_document_data(
            project_team,
            **{f"sections_{section.criteria_round_id}": [section.pk]},
            **{f"sections_{round_2022.pk}": [newer_allies.pk]},
        ),
    )
    document = Document.objects.get()
    assert response.url == reverse("guidance:draft_detail", kwargs={"slug": document.slug})
    assert document.slug == "monitoring-what-to-count-why"
    assert document.status == Document.Status.DRAFT
    assert document.current_revision is None
    draft = document.revisions.get()
    assert (draft.title, draft.state, draft.author, draft.number) == (
        "Monitoring: what to count & why",
        Revision.State.DRAFT,
        project_team,
        None,
    )
    assert set(draft.sections.all()) == {section, newer_allies}

    client.force_login(member)
    assert client.get(document.get_absolute_url()).status_code == 404
    listing = client.get(reverse("guidance:document_list"))
    assert "Monitoring: what to count" not in text(listing)


def test_colleague_publishes_a_draft_sent_for_review(client, project_team, colleague, member):
    document = document_draft(by=project_team, title="Senior leadership: sponsors")
    client.force_login(project_team)
    response = client.post(
        reverse("guidance:draft_submit", kwargs={"slug": document.slug}),
        {"lock_version": document.lock_version, "reviewer": colleague.pk},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.IN_REVIEW
    assert document.open_draft().reviewer == colleague

    client.force_login(colleague)
    page = client.get(reverse("guidance:draft_publish", kwargs={"slug": document.slug}))
    assert "Publish this draft" in text(page)
    assert "Why are you publishing without a review?" not in text(page)
    response = client.post(
        reverse("guidance:draft_publish", kwargs={"slug": document.slug}),
        {"lock_version": document.lock_version, "change_note": "First published."},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    revision = document.current_revision
    assert (revision.number, revision.change_type, revision.reviewed_by) == (
        1,
        Revision.ChangeType.MAJOR,
        colleague,
    )
    assert revision.published_by == colleague
    assert document.status == Document.Status.PUBLISHED

    client.force_login(member)
    page = text(client.get(document.get_absolute_url()))
    assert "Senior leadership: sponsors" in page
    assert "Last updated" in page and "First published." in page
    assert "Not reviewed" not in page


def test_reviewer_sends_a_draft_back_and_the_author_sees_the_note(
    client, in_review_document, project_team, colleague
):
    client.force_login(colleague)
    response = client.post(
        reverse("guidance:draft_send_back", kwargs={"slug": in_review_document.slug}),
        {"lock_version": in_review_document.lock_version, "note": "Add the 2024 dates, please."},
    )
    assert response.status_code == 302
    draft = in_review_document.open_draft()
    assert draft.state == Revision.State.DRAFT
    assert draft.review_note == "Add the 2024 dates, please."
    in_review_document.refresh_from_db()
    assert in_review_document.status == Document.Status.DRAFT

    client.force_login(project_team)
    page = text(client.get(reverse("guidance:draft_detail", kwargs={"slug": draft.document.slug})))
    assert "Sent back" in page and "Add the 2024 dates, please." in page
    edit = text(
        client.get(reverse("guidance:document_edit", kwargs={"slug": draft.document.slug}))
    )
    assert "Add the 2024 dates, please." in edit


def test_author_cannot_send_back_or_review_their_own_draft(in_review_document, project_team):
    with pytest.raises(PermissionDenied):
        services.draft_send_back(
            document=in_review_document,
            by=project_team,
            lock_version=in_review_document.lock_version,
            note="Looks fine to me.",
        )
    assert in_review_document.open_draft().state == Revision.State.IN_REVIEW


def test_draft_cannot_be_sent_to_its_own_author(client, draft_document, project_team):
    client.force_login(project_team)
    response = client.post(
        reverse("guidance:draft_submit", kwargs={"slug": draft_document.slug}),
        {"lock_version": draft_document.lock_version, "reviewer": project_team.pk},
    )
    assert response.status_code == 200
    assert "Select a colleague who did not write this draft" in text(response)
    assert draft_document.open_draft().state == Revision.State.DRAFT


def test_publishing_your_own_draft_asks_why_and_marks_it_not_reviewed(
    client, draft_document, project_team, colleague, member
):
    client.force_login(project_team)
    url = reverse("guidance:draft_publish", kwargs={"slug": draft_document.slug})
    assert "Publish without review" in text(client.get(url))
    response = client.post(
        url, {"lock_version": draft_document.lock_version, "change_note": "First published."}
    )
    assert response.status_code == 200
    assert "Enter why you are publishing without a review" in text(response)
    assert not Revision.objects.published().exists()

    response = client.post(
        url,
        {
            "lock_version": draft_document.lock_version,
            "change_note": "First published.",
            "unreviewed_reason": "The deadline moved and networks need this today.",
        },
    )
    assert response.status_code == 302
    revision = Revision.objects.published().get()
    assert revision.reviewed_by is None
    assert revision.unreviewed_reason == "The deadline moved and networks need this today."

    client.force_login(member)
    page = text(client.get(draft_document.get_absolute_url()))
    assert "Not reviewed" in page

    # The author cannot approve it; a colleague can, and the mark goes.
    client.force_login(project_team)
    approve = reverse(
        "guidance:revision_approve", kwargs={"slug": draft_document.slug, "pk": revision.pk}
    )
    assert client.post(approve).status_code == 403
    client.force_login(colleague)
    assert client.post(approve).status_code == 302
    revision.refresh_from_db()
    assert revision.reviewed_by == colleague and revision.reviewed_at is not None
    client.force_login(member)
    assert "Not reviewed" not in text(client.get(draft_document.get_absolute_url()))


def test_editing_published_guidance_works_on_a_new_draft(
    client, published_document, project_team, colleague, member
):
    live = published_document.current_revision
    client.force_login(project_team)
    url = reverse("guidance:document_edit", kwargs={"slug": published_document.slug})
    form = client.get(url)
    assert live.title in text(form)
    response = client.post(
        url,
        {
            "lock_version": published_document.lock_version,
            "title": live.title,
            "summary": live.summary,
            "body": live.body + "\nKeep a copy of each policy as it was on the deadline.\n",
        },
    )
    assert response.status_code == 302
    draft = published_document.open_draft()
    assert draft.pk != live.pk and draft.state == Revision.State.DRAFT

    # Readers still see the published words.
    client.force_login(member)
    page = text(client.get(published_document.get_absolute_url()))
    assert "Keep a copy of each policy" not in page
    assert "Add the date you checked." in page

    # Published revisions do not change.
    live.refresh_from_db()
    assert "Keep a copy" not in live.body

    document_publish(published_document, by=colleague, change_note="Keep a copy of policies.")
    page = text(client.get(published_document.get_absolute_url()))
    assert "Keep a copy of each policy" in page
    assert published_document.revisions.published().count() == 3


def test_major_change_needs_a_change_note_but_minor_does_not(
    client, published_document, project_team, colleague
):
    document_edit(published_document, by=project_team, body=GUIDANCE_BODY + "\nTypo fixd.\n")
    published_document.refresh_from_db()
    client.force_login(colleague)
    url = reverse("guidance:draft_publish", kwargs={"slug": published_document.slug})
    response = client.post(
        url, {"lock_version": published_document.lock_version, "change_type": "major"}
    )
    assert "Enter a change note: readers are told about major changes" in text(response)
    assert published_document.revisions.published().count() == 2

    response = client.post(
        url, {"lock_version": published_document.lock_version, "change_type": "minor"}
    )
    assert response.status_code == 302
    published_document.refresh_from_db()
    minor = published_document.current_revision
    assert (minor.number, minor.change_type, minor.change_note) == (3, "minor", "")
    # The page's "Last updated" still shows the latest major change.
    assert published_document.latest_major_revision.number == 2
    page = text(client.get(published_document.get_absolute_url()))
    assert "Last updated" in page and "Says to date each check." in page


def test_change_note_is_required_by_the_service_too(published_document, project_team, colleague):
    document_edit(published_document, by=project_team, title="Allies: what counts")
    published_document.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.revision_publish(
            document=published_document,
            by=colleague,
            lock_version=published_document.lock_version,
            change_type="major",
            change_note="   ",
        )
    assert "change_note" in error.value.error_dict
    assert published_document.revisions.published().count() == 2


def test_updates_page_lists_every_revision_with_its_note(
    client, published_document, project_team, colleague, member
):
    document_edit(published_document, by=project_team, title="Allies & role models: what counts!")
    document_publish(published_document, by=colleague, change_type="minor", change_note="")
    client.force_login(member)
    page = text(
        client.get(reverse("guidance:document_updates", kwargs={"slug": published_document.slug}))
    )
    assert page.index("Revision 3") < page.index("Revision 2") < page.index("Revision 1")
    assert "Minor change (no note)" in page
    assert "Says to date each check." in page and "First published." in page
    assert "Compare revision 3 with revision 2" in page
    assert "Compare revision 2 with revision 1" in page


def test_withdrawn_guidance_keeps_its_address_with_a_notice(client, withdrawn_document, member):
    client.force_login(member)
    response = client.get(withdrawn_document.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert "This guidance was withdrawn on" in page
    assert "Replaced by the 2022–2024 guidance." in page
    listing = text(client.get(reverse("guidance:document_list")))
    assert withdrawn_document.current_revision.title not in listing


def test_withdrawn_guidance_cannot_be_edited_even_by_an_admin(withdrawn_document, admin_user):
    with pytest.raises(PermissionDenied):
        document_edit(withdrawn_document, by=admin_user, title="Back from the dead")
    assert not withdrawn_document.revisions.open().exists()


def test_withdrawal_needs_a_public_explanation(client, published_document, colleague):
    client.force_login(colleague)
    url = reverse("guidance:document_withdraw", kwargs={"slug": published_document.slug})
    response = client.post(url, {"lock_version": published_document.lock_version})
    assert "Enter why the guidance is being withdrawn" in text(response)
    published_document.refresh_from_db()
    assert published_document.status == Document.Status.PUBLISHED


def test_owner_and_review_date_can_be_changed(client, published_document, project_team, colleague):
    client.force_login(project_team)
    due = timezone.localdate() + datetime.timedelta(days=90)
    response = client.post(
        reverse("guidance:document_details", kwargs={"slug": published_document.slug}),
        {
            "lock_version": published_document.lock_version,
            "owner": colleague.pk,
            **date_parts(due),
        },
    )
    assert response.status_code == 302
    published_document.refresh_from_db()
    assert (published_document.owner, published_document.review_due) == (colleague, due)


def test_owner_must_be_on_the_project_team(client, published_document, project_team, member):
    client.force_login(project_team)
    response = client.post(
        reverse("guidance:document_details", kwargs={"slug": published_document.slug}),
        {
            "lock_version": published_document.lock_version,
            "owner": member.pk,
            **date_parts(timezone.localdate() + datetime.timedelta(days=90)),
        },
    )
    assert "Select a project-team person as the owner" in text(response)
    published_document.refresh_from_db()
    assert published_document.owner == project_team


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "Review date must be in the future"), (0, "Review date must be in the future")],
)
def test_review_date_in_the_past_is_refused(client, project_team, days, message):
    client.force_login(project_team)
    response = client.post(
        reverse("guidance:document_create"),
        new_document_data(
            project_team, **date_parts(timezone.localdate() + datetime.timedelta(days=days))
        ),
    )
    assert response.status_code == 200
    assert message in text(response)
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"review_due_0": "", "review_due_1": "", "review_due_2": ""}, "Enter review date"),
        ({"review_due_0": "31", "review_due_1": "2", "review_due_2": "2030"}, "real date"),
        ({"review_due_0": "x", "review_due_1": "2", "review_due_2": "2030"}, "real date"),
        ({"review_due_0": "1", "review_due_1": "", "review_due_2": "2030"}, "include a month"),
    ],
)
def test_review_date_must_be_a_real_date(client, project_team, parts, message):
    client.force_login(project_team)
    response = client.post(
        reverse("guidance:document_create"), new_document_data(project_team, **parts)
    )
    assert message in text(response)
    assert not Document.objects.exists()


def test_slugs_are_unique_and_avoid_the_fixed_addresses(project_team):
    first = document_draft(by=project_team, title="Review")
    second = document_draft(by=project_team, title="Review")
    third = document_draft(by=project_team, title="!!!")
    assert (first.slug, second.slug, third.slug) == (
        "review-guidance",
        "review-guidance-2",
        "guidance",
    )


def test_readers_cannot_change_guidance_through_the_services(published_document, member, lead):
    for person in (member, lead):
        with pytest.raises(PermissionDenied):
            document_edit(published_document, by=person, title="Hijacked")
        with pytest.raises(PermissionDenied):
            services.document_withdraw(
                document=published_document,
                by=person,
                lock_version=published_document.lock_version,
                explanation="No.",
            )
    with pytest.raises(PermissionDenied):
        document_draft(by=member, title="A member's guidance")
    assert not published_document.revisions.open().exists()
    assert Document.objects.count() == 1
