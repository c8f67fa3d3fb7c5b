"""Hostile and wrong input on guidance forms: a clear message or a safe result, never saved
half-way, never run."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance.documents import services
from guidance.models import Document, Revision, Subscription
from tests.guidance.pages import text
from tests.guidance.safety import assert_safe_html
from tests.guidance.test_hostile_input import HOSTILE_TEXT

pytestmark = pytest.mark.django_db

LINK_MESSAGE = "Guidance links must start with https://, http:// or mailto:"


def create_data(owner, /, **overrides):
    due = timezone.localdate() + datetime.timedelta(days=100)
    return {
        "title": "Evidencing monitoring",
        "summary": "What to count.",
        "body": "## Counting\n\nCount declarations.",
        "owner": owner.pk,
        "review_due_0": due.day,
        "review_due_1": due.month,
        "review_due_2": due.year,
        **overrides,
    }


def assert_no_script_stored():
    for revision in Revision.objects.all():
        for value in (revision.title, revision.summary, revision.body, revision.change_note):
            assert "<script" not in value.lower()
            assert "onerror" not in value.lower()


@pytest.mark.parametrize("value", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_hostile_text_in_new_guidance(client, project_team, field, value):
    client.force_login(project_team)
    response = client.post(
        reverse("guidance:document_create"), create_data(project_team, **{field: value})
    )
    assert response.status_code in (200, 302)
    assert_no_script_stored()
    if response.status_code == 200:
        assert not Document.objects.exists()
        assert "There is a problem" in text(response)
        assert_safe_html(response.content.decode())
        return
    document = Document.objects.get()
    for url in (
        reverse("guidance:draft_detail", kwargs={"slug": document.slug}),
        reverse("guidance:document_list"),
        reverse("guidance:document_edit", kwargs={"slug": document.slug}),
    ):
        page = client.get(url).content.decode()
        assert_safe_html(page)
    if "{{" in value and field == "body":
        assert "{{ 7|add:42 }}" in text(
            client.get(reverse("guidance:draft_detail", kwargs={"slug": document.slug}))
        )


@pytest.mark.parametrize(
    "body",
    [
        "[Click me](javascript:alert(1))",
        "[Click me](JaVaScRiPt:alert(document.cookie))",
        "[Click me]( javascript:alert(1) )",
        "<javascript:alert(1)>",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[file](file:///etc/passwd)",
        "[vb](vbscript:msgbox(1))",
    ],
)
def test_links_that_run_script_are_refused_with_a_clear_message(client, project_team, body):
    client.force_login(project_team)
    response = client.post(
        reverse("guidance:document_create"), create_data(project_team, body=body)
    )
    assert response.status_code == 200
    assert LINK_MESSAGE in text(response)
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "[Click me](javascript&#58;alert(1))",
        "[Click me](java\tscript:alert(1))",
        '![x](https://example.gov.uk/x.png" onerror="alert(1))',
        '[x](https://example.gov.uk/" onmouseover="alert(1))',
        "<a href='javascript:alert(1)'>x</a>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<iframe src=https://evil.example></iframe>",
        "[ok](https://example.gov.uk) and [mail](mailto:wei@example.gov.uk)",
    ],
)
def test_whatever_reaches_the_page_cannot_run(client, project_team, colleague, member, body):
    """Saved through the service (no form checks), the renderer still makes it safe."""
    from tests.guidance.factories import document_draft, document_publish

    document = document_draft(by=project_team, title="Hostile body", body=body)
    document_publish(document, by=colleague)
    client.force_login(member)
    page = client.get(document.get_absolute_url()).content.decode()
    assert_safe_html(page)
    body_html = page.split('class="portal-document-body">')[1].split("</div>")[0]
    # Typed markup shows as text; no link, image or handler comes of it.
    assert 'href="javascript' not in body_html.lower()
    for tag in ("<img", "<svg", "<iframe", "<a href='"):
        assert tag not in body_html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Enter title"),
        ("title", "   ", "Enter title"),
        ("title", "x" * 151, "Title must be 150 characters or fewer"),
        ("summary", "", "Enter summary"),
        ("summary", "s" * 501, "Summary must be 500 characters or fewer"),
        ("body", "", "Enter the guidance"),
        ("body", "b" * 50_001, "Guidance must be 50,000 characters or fewer"),
        ("body", "<script>alert(1)</script>", "Guidance must not contain HTML tags"),
        ("owner", "", "Select the owner"),
        ("owner", "not-a-number", "Select a project-team person as the owner"),
        ("owner", "999999", "Select a project-team person as the owner"),
    ],
)
def test_bad_new_guidance_gets_a_message_naming_the_field(
    client, project_team, field, value, message
):
    client.force_login(project_team)
    response = client.post(
        reverse("guidance:document_create"), create_data(project_team, **{field: value})
    )
    assert response.status_code == 200
    page = text(response)
    assert page.startswith("Error: Write new guidance")
    assert message in page
    assert not Document.objects.exists()


def test_sections_from_outside_the_list_are_refused(client, project_team, section):
    client.force_login(project_team)
    name = f"sections_{section.criteria_round_id}"
    for value in ["999999", "x", "<script>"]:
        response = client.post(
            reverse("guidance:document_create"), create_data(project_team, **{name: [value]})
        )
        assert "Select sections from the list" in text(response)
        assert_safe_html(response.content.decode())
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"change_type": "huge", "change_note": "x"}, "Select whether this is a major or minor"),
        ({"change_type": "major", "change_note": ""}, "Enter a change note"),
        ({"change_type": "major", "change_note": "<script>x</script>"}, "must not contain HTML"),
        ({"change_type": "minor", "change_note": "n" * 1001}, "1,000 characters or fewer"),
    ],
)
def test_bad_publish_input_publishes_nothing(
    client, published_document, project_team, colleague, data, message
):
    from tests.guidance.factories import document_edit

    document_edit(published_document, by=project_team, title="Allies: a new title")
    published_document.refresh_from_db()
    client.force_login(colleague)
    response = client.post(
        reverse("guidance:draft_publish", kwargs={"slug": published_document.slug}),
        {"lock_version": published_document.lock_version, **data},
    )
    assert message in text(response)
    assert published_document.revisions.published().count() == 2


@pytest.mark.parametrize("reviewer", ["", "abc", "999999"])
def test_bad_reviewer_is_refused(client, draft_document, project_team, reviewer):
    client.force_login(project_team)
    response = client.post(
        reverse("guidance:draft_submit", kwargs={"slug": draft_document.slug}),
        {"lock_version": draft_document.lock_version, "reviewer": reviewer},
    )
    assert response.status_code == 200
    assert "Select" in text(response)
    assert draft_document.open_draft().state == Revision.State.DRAFT


def test_reviewer_must_be_on_the_project_team(client, draft_document, project_team, lead):
    client.force_login(project_team)
    response = client.post(
        reverse("guidance:draft_submit", kwargs={"slug": draft_document.slug}),
        {"lock_version": draft_document.lock_version, "reviewer": lead.pk},
    )
    assert "Select a colleague who did not write this draft" in text(response)
    assert draft_document.open_draft().state == Revision.State.DRAFT


def test_nobody_outside_the_project_team_can_change_anything(
    client, member, lead, other_lead, published_document, draft_document, colleague
):
    """Every editing address, posted with valid data by each reader: 403 or 404, no change."""
    published = published_document
    before = (
        list(Document.objects.order_by("pk").values()),
        list(Revision.objects.order_by("pk").values()),
    )
    future = timezone.localdate() + datetime.timedelta(days=50)
    date = {"review_due_0": future.day, "review_due_1": future.month, "review_due_2": future.year}
    posts = [
        (reverse("guidance:document_create"), create_data(colleague)),
        (
            reverse("guidance:document_edit", kwargs={"slug": published.slug}),
            {"lock_version": published.lock_version, "title": "X", "summary": "X", "body": "X"},
        ),
        (
            reverse("guidance:document_details", kwargs={"slug": published.slug}),
            {"lock_version": published.lock_version, "owner": colleague.pk, **date},
        ),
        (
            reverse("guidance:document_reviewed", kwargs={"slug": published.slug}),
            {"lock_version": published.lock_version, **date},
        ),
        (
            reverse("guidance:document_withdraw", kwargs={"slug": published.slug}),
            {"lock_version": published.lock_version, "explanation": "Gone."},
        ),
        (
            reverse("guidance:draft_submit", kwargs={"slug": draft_document.slug}),
            {"lock_version": draft_document.lock_version, "reviewer": colleague.pk},
        ),
        (
            reverse("guidance:draft_publish", kwargs={"slug": draft_document.slug}),
            {
                "lock_version": draft_document.lock_version,
                "change_note": "First.",
                "unreviewed_reason": "Because.",
            },
        ),
        (
            reverse("guidance:draft_send_back", kwargs={"slug": draft_document.slug}),
            {"lock_version": draft_document.lock_version, "note": "No."},
        ),
        (
            reverse(
                "guidance:revision_approve",
                kwargs={"slug": published.slug, "pk": published.current_revision_id},
            ),
            {},
        ),
    ]
    for person in (member, lead, other_lead):
        client.force_login(person)
        for url, data in posts:
            assert client.post(url, data).status_code in (403, 404), (person, url)
    after = (
        list(Document.objects.order_by("pk").values()),
        list(Revision.objects.order_by("pk").values()),
    )
    assert after == before


def test_readers_cannot_delete_others_subscriptions(client, member, lead):
    theirs = Subscription.objects.create(user=member)
    client.force_login(lead)
    response = client.post(reverse("guidance:subscription_delete", kwargs={"pk": theirs.pk}))
    assert response.status_code == 404
    assert Subscription.objects.filter(pk=theirs.pk).exists()


def test_forms_still_check_the_csrf_token(project_team):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(project_team)
    response = client.post(reverse("guidance:document_create"), create_data(project_team))
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_service_refuses_a_document_and_a_section_together(member, published_document, section):
    with pytest.raises(ValueError, match="not both"):
        services.subscription_create(user=member, document=published_document, section=section)
