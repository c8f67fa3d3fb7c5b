"""Hostile values on every field: a clear message or a safe result, never an error page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guidance.models import Attachment, GoodPracticeEntry
from tests.guidance.factories import PDF_BYTES
from tests.guidance.safety import assert_safe_html
from tests.guidance.test_workflow import entry_data

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
    "javascript:alert(1)",
    "'; DROP TABLE guidance_goodpracticeentry; --",
    "1 OR 1=1",
    "{{ 7|add:42 }}{% now 'Y' %}",
    "null\x00byte",
    "\u202eevil right-to-left",
    "A" * 10_000,
]
TEXT_FIELDS = ["title", "summary", "body", "contact_name", "contact_email"]
STORED_TEXT = ["title", "summary", "body", "contact_name", "contact_email"]


def assert_nothing_unsafe_stored():
    for entry in GoodPracticeEntry.objects.all():
        for field in STORED_TEXT:
            value = getattr(entry, field).lower()
            assert "<script" not in value
            assert "onerror" not in value
            assert "\x00" not in value


@pytest.mark.parametrize("value", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_hostile_text_in_the_entry_form(client, member, network, field, value):
    client.force_login(member)
    response = client.post(reverse("guidance:entry_create"), entry_data(**{field: value}))
    assert response.status_code in (200, 302)
    assert_nothing_unsafe_stored()
    if response.status_code == 200:
        assert not GoodPracticeEntry.objects.exists()
        assert b"There is a problem" in response.content
        assert b"<title>Error: " in response.content
        assert_safe_html(response.content.decode())
    else:
        entry = GoodPracticeEntry.objects.get()
        page = client.get(entry.get_absolute_url()).content.decode()
        assert_safe_html(page)
        if "{{" in value:
            assert "{{ 7|add:42 }}" in page
        library = client.get(reverse("guidance:entry_list")).content.decode()
        assert_safe_html(library)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", b"Enter a title"),
        ("title", "   ", b"Enter a title"),
        ("title", "<script>alert(1)</script>", b"Title must not contain HTML tags"),
        ("title", "x" * 151, b"Title must be 150 characters or fewer"),
        ("summary", "", b"Enter a summary"),
        ("body", "", b"Describe what you did"),
        ("body", "<img src=x onerror=alert(1)>", b"Description must not contain HTML tags"),
        ("contact_email", "<script>@x", b"Enter an email address in the correct format"),
        ("edition", "999", b"Select a valid choice"),
        ("edition", "1; DROP TABLE x", b"Select a valid choice"),
    ],
)
def test_bad_entry_input_gets_a_clear_message_and_saves_nothing(
    client, member, network, field, value, message
):
    client.force_login(member)
    response = client.post(reverse("guidance:entry_create"), entry_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content
    assert not GoodPracticeEntry.objects.exists()


@pytest.mark.parametrize("value", ["999999", "not-a-number", "1 OR 1=1", "<script>"])
def test_hostile_section_choices_are_refused(client, member, network, section, value):
    client.force_login(member)
    response = client.post(reverse("guidance:entry_create"), entry_data(sections=[value]))
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not GoodPracticeEntry.objects.exists()
    assert_safe_html(response.content.decode())


def test_renamed_executable_uploaded_as_pdf_is_refused(client, member, network):
    client.force_login(member)
    executable = b"MZ\x90\x00" + b"\x00" * 1000 + b"This program cannot be run in DOS mode"
    response = client.post(
        reverse("guidance:entry_create"),
        entry_data(attachments=[SimpleUploadedFile("report.pdf", executable, "application/pdf")]),
    )
    assert response.status_code == 200
    assert b"report.pdf: The selected file is not a real PDF file" in response.content
    assert not GoodPracticeEntry.objects.exists()
    assert not Attachment.objects.exists()


def test_fifty_megabyte_file_gets_a_clear_message(client, member, network):
    client.force_login(member)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024))
    response = client.post(reverse("guidance:entry_create"), entry_data(attachments=[big]))
    assert response.status_code == 200
    assert b"big.pdf: The selected file must be smaller than 10MB" in response.content
    assert not GoodPracticeEntry.objects.exists()
    assert not Attachment.objects.exists()


def test_oversized_file_when_editing_changes_nothing(client, member, published_entry):
    client.force_login(member)
    big = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (11 * 1024 * 1024))
    response = client.post(
        reverse("guidance:entry_edit", kwargs={"pk": published_entry.pk}),
        entry_data(title="Changed", attachments=[big]),
    )
    assert b"smaller than 10MB" in response.content
    published_entry.refresh_from_db()
    assert published_entry.title == "Visible allies in every team"


def test_file_with_a_hostile_name_is_stored_under_a_safe_name(client, member, network):
    client.force_login(member)
    client.post(
        reverse("guidance:entry_create"),
        entry_data(
            attachments=[SimpleUploadedFile('../<script>alert(1)</script>".pdf', PDF_BYTES)]
        ),
    )
    attachment = Attachment.objects.get()
    assert "<" not in attachment.file_name
    assert "/" not in attachment.file_name
    assert attachment.file_name.endswith(".pdf")
    response = client.get(attachment.entry.get_absolute_url())
    assert_safe_html(response.content.decode())


@pytest.mark.parametrize("value", HOSTILE_TEXT[:7])
def test_hostile_reasons_are_refused_or_shown_safely(
    client, lead, network, published_entry, value
):
    client.force_login(lead)
    response = client.post(
        reverse("guidance:entry_withdraw", kwargs={"pk": published_entry.pk}), {"reason": value}
    )
    assert response.status_code in (200, 302)
    published_entry.refresh_from_db()
    assert "<script" not in published_entry.status_reason
    page = client.get(published_entry.get_absolute_url())
    assert_safe_html(page.content.decode())


def test_entry_form_still_checks_the_csrf_token(member, network):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("guidance:entry_create"), entry_data())
    assert response.status_code == 403
    assert not GoodPracticeEntry.objects.exists()
