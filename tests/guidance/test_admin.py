import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "name",
    [
        "admin:guidance_goodpracticeentry_changelist",
        "admin:guidance_attachment_changelist",
        "admin:guidance_helpfulmark_changelist",
        "admin:guidance_feedtoken_changelist",
    ],
)
def test_admin_lists_good_practice_models(client, admin_user, published_attachment, name):
    client.force_login(admin_user)
    assert client.get(reverse(name)).status_code == 200


def test_admin_entry_page_shows_its_state_and_attachments(
    client, admin_user, published_attachment
):
    client.force_login(admin_user)
    entry = published_attachment.entry
    response = client.get(reverse("admin:guidance_goodpracticeentry_change", args=[entry.pk]))
    assert response.status_code == 200
    assert b"mentoring-evaluation.pdf" in response.content
    assert b'value="published" selected' in response.content
    history = client.get(reverse("admin:guidance_goodpracticeentry_history", args=[entry.pk]))
    assert history.status_code == 200
    attachment = client.get(
        reverse("admin:guidance_attachment_change", args=[published_attachment.pk])
    )
    assert attachment.status_code == 200


def entry_form(entry, **changes):
    return {
        "title": entry.title,
        "summary": entry.summary,
        "body": entry.body,
        "network": entry.network.pk,
        "author": entry.author.pk,
        "status": entry.status,
        "status_reason": entry.status_reason,
        "contact_name": "",
        "contact_email": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        **changes,
    }


def test_admin_can_publish_a_draft_by_changing_its_state(client, admin_user, draft_entry):
    client.force_login(admin_user)
    url = reverse("admin:guidance_goodpracticeentry_change", args=[draft_entry.pk])
    response = client.post(url, entry_form(draft_entry, status="published"))
    assert response.status_code == 302
    draft_entry.refresh_from_db()
    assert draft_entry.status == "published"
    assert draft_entry.published_at is not None
    latest = draft_entry.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("Published", admin_user)


def test_withdrawing_in_the_admin_goes_through_the_workflow(client, admin_user, published_entry):
    client.force_login(admin_user)
    url = reverse("admin:guidance_goodpracticeentry_change", args=[published_entry.pk])
    response = client.post(
        url,
        entry_form(
            published_entry,
            status="withdrawn",
            status_reason="Out of date.",
            title="Visible allies (old)",
        ),
    )
    assert response.status_code == 302
    published_entry.refresh_from_db()
    assert published_entry.status == "withdrawn"
    assert published_entry.title == "Visible allies (old)"
    assert published_entry.status_reason == "Out of date."
    assert published_entry.withdrawn_at is not None
    latest = published_entry.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("Withdrawn", admin_user)
