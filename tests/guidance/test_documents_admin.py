"""Guidance documents and revisions in the Django admin; revisions are read-only there."""

import datetime

import pytest
from django.urls import reverse

from guidance.models import Revision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "admin:guidance_document_changelist",
        "admin:guidance_revision_changelist",
        "admin:guidance_subscription_changelist",
        "admin:guidance_notification_changelist",
        "admin:guidance_guidancereader_changelist",
    ],
)
def test_admin_lists_guidance_models(client, admin_user, published_document, name):
    client.force_login(admin_user)
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_admin_document_page_lists_its_revisions(client, admin_user, published_document):
    client.force_login(admin_user)
    response = client.get(reverse("admin:guidance_document_change", args=[published_document.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Allies &amp; role models: what counts") >= 2


def test_admin_revisions_cannot_be_added_changed_or_deleted(
    client, admin_user, published_document
):
    client.force_login(admin_user)
    revision = published_document.current_revision
    page = client.get(reverse("admin:guidance_revision_change", args=[revision.pk]))
    assert page.status_code == 200  # viewable
    assert b'name="title"' not in page.content and b'name="body"' not in page.content
    response = client.post(
        reverse("admin:guidance_revision_change", args=[revision.pk]),
        {"title": "Changed in the admin", "body": "Changed."},
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:guidance_revision_add")).status_code == 403
    assert (
        client.post(reverse("admin:guidance_revision_delete", args=[revision.pk])).status_code
        == 403
    )
    revision.refresh_from_db()
    assert revision.title == "Allies & role models: what counts"
    assert Revision.objects.filter(pk=revision.pk).exists()


def test_admin_can_correct_owner_and_review_date_and_an_open_form_is_then_stale(
    client, admin_user, published_document, colleague
):
    client.force_login(admin_user)
    before = published_document.lock_version
    due = published_document.review_due + datetime.timedelta(days=30)
    response = client.post(
        reverse("admin:guidance_document_change", args=[published_document.pk]),
        {
            "owner": colleague.pk,
            "review_due": due.isoformat(),
            "withdrawal_explanation": "",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    published_document.refresh_from_db()
    assert (published_document.owner, published_document.review_due) == (colleague, due)
    assert published_document.lock_version == before + 1
