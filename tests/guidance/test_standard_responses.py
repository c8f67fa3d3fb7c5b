"""Standard responses, answers per section, "use this answer", and keeping reusers current."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from guidance.models import AnswerSource, Document, Notification
from submissions import services as submission_services
from submissions.models import SectionResult, Submission
from tests.guidance.factories import document_draft, document_edit, document_publish
from tests.guidance.fixtures_answers import MODEL_ANSWER
from tests.submissions.factories import edition_with_sections

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> =cmd|" /C calc"!A0'


def section_url(submission, number=3):
    return reverse("submissions:section", kwargs={"pk": submission.pk, "number": number})


def use_url(submission, number=3):
    return reverse("guidance:answer_use", kwargs={"pk": submission.pk, "number": number})


def test_standard_response_is_a_document_tied_to_one_section(standard_response, answer_section):
    assert standard_response.kind == Document.Kind.STANDARD_RESPONSE
    assert standard_response.section == answer_section
    assert list(standard_response.current_revision.sections.all()) == [answer_section]


def test_editing_a_standard_response_keeps_its_section(standard_response, project_team, edition):
    other = edition.section_maxima.get(section__number=1).section
    draft = document_edit(standard_response, by=project_team, sections=[other])
    assert list(draft.sections.all()) == [standard_response.section]


def test_list_shows_standard_responses_by_round_and_section(client, member, standard_response):
    client.force_login(member)
    response = client.get(reverse("guidance:standard_response_list"))
    assert "Procurement: model answer" in response.text
    assert "3. Section 3" in response.text


def test_project_team_writes_a_standard_response(client, project_team, answer_section):
    client.force_login(project_team)
    from tests.guidance.access_rows import NEW_STANDARD_RESPONSE

    data = NEW_STANDARD_RESPONSE(
        lambda name: {"answer_section": answer_section, "project_team": project_team}[name]
    )
    response = client.post(reverse("guidance:standard_response_create"), data)
    assert response.status_code == 302
    document = Document.objects.get(kind=Document.Kind.STANDARD_RESPONSE)
    assert document.section == answer_section
    assert document.open_draft().body.startswith("All staff complete")


def test_entry_page_shows_the_standard_response_with_use_this_answer(
    client, member, submission, standard_response
):
    client.force_login(member)
    response = client.get(section_url(submission))
    assert "Standard response for Section 3" in response.text
    assert "Use this answer" in response.text
    assert f'value="{standard_response.current_revision_id}"' in response.text
    assert "The tender template&#x27;s equality questions." in response.text


def test_use_this_answer_fills_the_answer_and_records_the_revision(
    client, member, submission, standard_response
):
    client.force_login(member)
    response = client.post(
        use_url(submission), {"revision": standard_response.current_revision_id}
    )
    assert response.status_code == 302
    assert response.url == section_url(submission)
    result = SectionResult.objects.get(submission=submission, section__number=3)
    assert result.answer == MODEL_ANSWER
    assert result.answer_source.revision == standard_response.current_revision
    page = client.get(section_url(submission))
    assert "Your answer is based on" in page.text
    assert "Crown Commercial Service frameworks" in page.text


def test_a_revision_of_another_sections_standard_response_is_refused(
    client, member, submission, project_team, colleague, edition
):
    other_section = edition.section_maxima.get(section__number=1).section
    other = document_draft(
        by=project_team, title="Policies: model", standard_response_for=other_section
    )
    document_publish(other, by=colleague)
    other.refresh_from_db()
    client.force_login(member)
    response = client.post(use_url(submission), {"revision": other.current_revision_id})
    assert response.status_code == 404
    assert not SectionResult.objects.filter(submission=submission).exists()
    assert not AnswerSource.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999999999"])
def test_nonsense_revision_is_refused(client, member, submission, standard_response, value):
    client.force_login(member)
    assert client.post(use_url(submission), {"revision": value}).status_code == 404
    assert not AnswerSource.objects.exists()


def test_an_older_revision_is_refused_with_a_message(
    client, member, submission, standard_response, project_team, colleague
):
    old = standard_response.current_revision_id
    document_edit(standard_response, by=project_team, body=MODEL_ANSWER + " New.")
    document_publish(standard_response, by=colleague, change_note="Adds a line.")
    client.force_login(member)
    response = client.post(use_url(submission), {"revision": old}, follow=True)
    assert "it may have changed since you opened the page" in response.text
    assert not AnswerSource.objects.exists()


def test_answer_of_60001_characters_is_refused(client, member, submission):
    client.force_login(member)
    response = client.post(
        section_url(submission, 1), {"lock_version": 0, "answer": "a" * 60_001, "completed": "no"}
    )
    assert response.status_code == 200
    assert "Your answer must be 60,000 characters or fewer" in response.text
    assert not SectionResult.objects.filter(submission=submission).exists()


def test_answer_of_60000_characters_is_saved(client, member, submission):
    client.force_login(member)
    response = client.post(
        section_url(submission, 1), {"lock_version": 0, "answer": "a" * 60_000, "completed": "no"}
    )
    assert response.status_code == 302
    assert len(SectionResult.objects.get(submission=submission).answer) == 60_000


def test_hostile_answer_is_shown_escaped(client, member, submission):
    client.force_login(member)
    client.post(
        section_url(submission, 1), {"lock_version": 0, "answer": HOSTILE, "completed": "no"}
    )
    response = client.get(section_url(submission, 1))
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text


def test_saving_the_section_form_keeps_the_recorded_revision(
    client, member, submission, used_answer
):
    client.force_login(member)
    client.post(
        section_url(submission),
        {
            "lock_version": used_answer.lock_version,
            "answer": used_answer.answer + " Edited.",
            "score": "40",
            "completed": "no",
        },
    )
    used_answer.refresh_from_db()
    assert used_answer.answer.endswith("Edited.")
    assert used_answer.answer_source.revision_id is not None


def test_copy_forward_carries_the_answer_and_the_revision(used_answer, submission, lead):
    later = edition_with_sections(year=2020, criteria_round=submission.edition.criteria_round)
    copy = submission_services.submission_copy_forward(source=submission, edition=later)
    copied = copy.results.get(section__number=3)
    assert copied.answer == used_answer.answer
    assert copied.answer_source.revision == used_answer.answer_source.revision
    assert copied.score is None


def publish_major(document, project_team, colleague):
    document_edit(document, by=project_team, body=MODEL_ANSWER + "\n\nWe also audit suppliers.")
    return document_publish(document, by=colleague, change_note="Adds supplier audits.")


def test_major_revision_notifies_leads_whose_drafts_used_an_older_one(
    used_answer,
    lead,
    member,
    other_lead,
    standard_response,
    project_team,
    colleague,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revision = publish_major(standard_response, project_team, colleague)
    notified = Notification.objects.filter(revision=revision)
    assert {n.user for n in notified} == {lead}
    assert notified.get().reason == Notification.Reason.ANSWER_USED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lead.email]
    assert "Standard response updated" in message.subject
    assert (
        reverse(
            "guidance:document_compare",
            kwargs={
                "slug": standard_response.slug,
                "a": used_answer.answer_source.revision_id,
                "b": revision.pk,
            },
        )
        in message.body
    )


def test_complete_submissions_and_minor_revisions_notify_nobody(
    used_answer, lead, standard_response, project_team, colleague
):
    document_edit(standard_response, by=project_team, body=MODEL_ANSWER + " Typo.")
    minor = document_publish(standard_response, by=colleague, change_type="minor")
    assert not Notification.objects.filter(revision=minor).exists()
    Submission.objects.filter(pk=used_answer.submission_id).update(status="complete")
    major = publish_major(standard_response, project_team, colleague)
    assert not Notification.objects.filter(revision=major).exists()


def test_entry_page_says_a_newer_version_exists_until_dismissed(
    client, lead, submission, used_answer, standard_response, project_team, colleague
):
    publish_major(standard_response, project_team, colleague)
    client.force_login(lead)
    page = client.get(section_url(submission))
    assert "A newer version of this standard response exists" in page.text
    dismiss = reverse("guidance:answer_newer_dismiss", kwargs={"pk": submission.pk, "number": 3})
    assert client.post(dismiss).status_code == 302
    page = client.get(section_url(submission))
    assert "A newer version of this standard response exists" not in page.text
    assert used_answer.answer_source.revision.number == 1


def test_using_the_newer_version_removes_the_notice(
    client, lead, submission, used_answer, standard_response, project_team, colleague
):
    revision = publish_major(standard_response, project_team, colleague)
    client.force_login(lead)
    client.post(use_url(submission), {"revision": revision.pk})
    page = client.get(section_url(submission))
    assert "A newer version of this standard response exists" not in page.text
    assert "We also audit suppliers." in SectionResult.objects.get(pk=used_answer.pk).answer


def test_import_changes_scores_and_never_touches_answers(used_answer, submission, lead):
    from submissions.imports import results_import

    csv = f"organisation,edition,section_3\n{submission.organisation.name},2019,12\n"
    results_import(data=csv.encode(), filename="results.csv", user=lead, importer=lead)
    result = SectionResult.objects.get(pk=used_answer.pk)
    assert result.score == Decimal(12)
    assert result.answer == MODEL_ANSWER
    assert result.answer_source.revision_id == used_answer.answer_source.revision_id


@pytest.mark.parametrize("extra", [0, 5])
def test_standard_response_list_query_count_is_flat(
    client,
    member,
    standard_response,
    project_team,
    colleague,
    edition,
    extra,
    django_assert_num_queries,
):
    sections = list(edition.section_maxima.select_related("section"))
    for index in range(extra):
        document = document_draft(
            by=project_team,
            title=f"Model answer {index}",
            standard_response_for=sections[index % len(sections)].section,
        )
        document_publish(document, by=colleague)
    client.force_login(member)
    # Session, user (holding no permissions, as its query says), the data versions; rounds,
    # their sections, and the sections' standard responses.
    with django_assert_num_queries(6):
        response = client.get(reverse("guidance:standard_response_list"))
    assert response.text.count("(revision 1)") == 1 + extra


def test_the_email_compares_the_revision_the_answer_used_with_the_new_one(
    used_answer,
    lead,
    standard_response,
    project_team,
    colleague,
    django_capture_on_commit_callbacks,
):
    document_edit(standard_response, by=project_team, body=MODEL_ANSWER + " Typo fixed.")
    document_publish(standard_response, by=colleague, change_type="minor")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        newest = publish_major(standard_response, project_team, colleague)
    used = used_answer.answer_source.revision_id
    [message] = mail.outbox
    assert f"/compare/{used}/{newest.pk}/" in message.body


def test_dashboard_says_the_revised_standard_response_was_used(
    client, used_answer, lead, standard_response, project_team, colleague
):
    publish_major(standard_response, project_team, colleague)
    client.force_login(lead)
    page = client.get(reverse("dashboard"))
    assert "a standard response your organisation's draft answer used" in page.text


def test_a_section_form_opened_before_using_the_answer_is_refused(
    client, member, submission, used_answer, standard_response
):
    client.force_login(member)
    opened = used_answer.lock_version
    client.post(use_url(submission), {"revision": standard_response.current_revision_id})
    response = client.post(
        section_url(submission),
        {"lock_version": opened, "answer": "Stale words.", "completed": "no"},
    )
    assert response.status_code == 200
    assert SectionResult.objects.get(pk=used_answer.pk).answer == MODEL_ANSWER
