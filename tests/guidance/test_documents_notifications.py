"""Subscriptions, the emails a major revision sends, the dashboard, and unsubscribing."""

import datetime
import re
import smtplib
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from guidance.documents import tasks
from guidance.documents.emails import unsubscribe_token
from guidance.models import Notification, Subscription
from tests.guidance.factories import document_edit, document_publish
from tests.guidance.pages import text
from tests.networks.factories import UserFactory

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def publish_major(published_document, project_team, colleague, django_capture_on_commit_callbacks):
    """Publish a new major revision of the published document, running what follows commit."""

    def publish(note="Markers now ask for dated evidence.", change_type="major"):
        document_edit(
            published_document,
            by=project_team,
            body=published_document.current_revision.body + f"\n{note}\n",
        )
        with django_capture_on_commit_callbacks(execute=True):
            return document_publish(
                published_document, by=colleague, change_type=change_type, change_note=note
            )

    return publish


def subscribe(client, user, **data):
    client.force_login(user)
    return client.post(reverse("guidance:subscription_list"), data)


def test_anyone_signed_in_can_subscribe_three_ways_and_see_it_on_one_page(
    client, lead, published_document, section
):
    response = subscribe(client, lead, document=published_document.pk)
    assert response.url == published_document.get_absolute_url()
    subscribe(client, lead, section=section.pk)
    subscribe(client, lead, everything="on")
    client.get(reverse("guidance:subscription_list"))  # shows the messages so far
    again = subscribe(client, lead, everything="on")
    assert again.status_code == 302
    assert Subscription.objects.filter(user=lead).count() == 3
    page = text(client.get(again.url))
    assert "You were already subscribed to all guidance" in page
    assert "Allies & role models: what counts" in page
    assert "Guidance for 2018–2020: 4. Allies and Role Models" in page
    assert "All guidance" in page


def test_subscribing_to_nothing_or_a_hidden_document_is_refused(client, member, draft_document):
    for data, message in [
        ({}, "Select a section"),
        ({"document": draft_document.pk}, "That guidance document does not exist"),
        ({"document": "x"}, "That guidance document does not exist"),
        ({"section": "999"}, "Select a section from the list"),
        ({"section": "x"}, "Select a section from the list"),
    ]:
        response = subscribe(client, member, **data)
        assert response.status_code == 200
        assert f"There is a problem {message}" in text(response)
    assert not Subscription.objects.exists()


def test_major_revision_emails_each_subscriber_once(
    client, publish_major, published_document, section, lead, member, other_lead, colleague
):
    # The lead matches three ways, the member one; the other lead follows nothing.
    for data in (
        {"document": published_document.pk},
        {"section": section.pk},
        {"everything": "on"},
    ):
        subscribe(client, lead, **data)
    subscribe(client, member, section=section.pk)
    subscribe(client, colleague, everything="on")  # the publisher is not told of their own
    mail.outbox.clear()

    revision = publish_major()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "lead@example.gov.uk",
        "member@example.gov.uk",
    ]
    message = next(message for message in mail.outbox if message.to == ["lead@example.gov.uk"])
    assert message.subject == "Guidance updated: Allies & role models: what counts"
    assert "Markers now ask for dated evidence." in message.body
    previous = published_document.revisions.get(number=2)
    compare = reverse(
        "guidance:document_compare",
        kwargs={"slug": published_document.slug, "a": previous.pk, "b": revision.pk},
    )
    assert f"{settings.PORTAL_URL}{compare}\n" in message.body
    assert "&amp;" not in message.body
    unsubscribe_url = re.search(r"(http\S+/guidance/unsubscribe/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.filter(revision=revision).count() == 2
    assert not Notification.objects.filter(revision=revision, emailed_at__isnull=True).exists()


def test_minor_revision_sends_nothing(client, publish_major, lead):
    subscribe(client, lead, everything="on")
    mail.outbox.clear()
    publish_major(note="", change_type="minor")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_inactive_people_are_not_emailed(client, publish_major, member):
    subscribe(client, member, everything="on")
    member.is_active = False
    member.save()
    mail.outbox.clear()
    publish_major()
    assert mail.outbox == []


def test_dashboard_shows_the_change_until_the_person_opens_it(client, publish_major, lead):
    subscribe(client, lead, everything="on")
    revision = publish_major()
    client.force_login(lead)
    dashboard = text(client.get(reverse("dashboard")))
    assert "Guidance you follow has changed" in dashboard
    assert "Markers now ask for dated evidence." in dashboard
    content = client.get(reverse("dashboard")).content.decode()
    compare = reverse(
        "guidance:document_compare",
        kwargs={
            "slug": revision.document.slug,
            "a": revision.document.revisions.get(number=2).pk,
            "b": revision.pk,
        },
    )
    assert f'href="{compare}"' in content

    assert client.get(compare).status_code == 200
    assert Notification.objects.get(user=lead).read_at is not None
    assert "Guidance you follow has changed" not in text(client.get(reverse("dashboard")))


def test_dashboard_lists_guidance_updated_since_the_last_visit(
    client, member, published_document, project_team, colleague
):
    """The window is the previous session's visit; it stays the same within a session."""
    client.force_login(member)
    first = text(client.get(reverse("dashboard")))
    assert "Guidance updated since your last visit" in first
    assert "Says to date each check." in first  # published after the member joined
    client.logout()

    # Next session: nothing new since the last visit.
    client.force_login(member)
    assert "No guidance has changed since" in text(client.get(reverse("dashboard")))
    document_edit(published_document, by=project_team, title="Allies: what counts in 2024")
    document_publish(published_document, by=colleague, change_note="Updated for 2024.")
    client.logout()
    client.force_login(member)
    page = text(client.get(reverse("dashboard")))
    assert "Allies: what counts in 2024" in page and "Updated for 2024." in page
    assert "Says to date each check." not in page
    # Reloading in the same session keeps the list.
    assert "Updated for 2024." in text(client.get(reverse("dashboard")))


def test_unsubscribe_link_works_without_signing_in(client, publish_major, lead, section):
    subscribe(client, lead, section=section.pk)
    subscribe(client, lead, everything="on")
    client.logout()
    mail.outbox.clear()
    publish_major()
    path = re.search(r"http\S+(/guidance/unsubscribe/\S+/)", mail.outbox[0].body).group(1)

    confirm = client.get(path)
    assert confirm.status_code == 200
    page = text(confirm)
    assert "Stop emails to lead@example.gov.uk about" in page
    assert "guidance for 2018–2020: 4. Allies and Role Models" in page and "all guidance" in page
    assert Subscription.objects.filter(user=lead).count() == 2  # looking changes nothing

    done = client.post(path)
    assert "You have unsubscribed" in text(done)
    assert not Subscription.objects.filter(user=lead).exists()
    assert "You are already unsubscribed" in text(client.get(path))


def test_mail_programs_one_click_unsubscribe_without_a_csrf_token(client, lead):
    subscription = Subscription.objects.create(user=lead)
    token = unsubscribe_token(user_id=lead.pk, subscription_ids=[subscription.pk])
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("guidance:unsubscribe", kwargs={"token": token}),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: token.split(":")[0],
        lambda token: "not-a-token",
    ],
)
def test_tampered_unsubscribe_link_gets_a_clear_page_and_changes_nothing(client, lead, mangle):
    subscription = Subscription.objects.create(user=lead)
    token = mangle(unsubscribe_token(user_id=lead.pk, subscription_ids=[subscription.pk]))
    url = reverse("guidance:unsubscribe", kwargs={"token": token})
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "This unsubscribe link does not work" in text(response)
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_token_cannot_stop_someone_elses_subscription(client, lead, member):
    theirs = Subscription.objects.create(user=member)
    token = unsubscribe_token(user_id=lead.pk, subscription_ids=[theirs.pk])
    client.post(reverse("guidance:unsubscribe", kwargs={"token": token}))
    assert Subscription.objects.filter(pk=theirs.pk).exists()


def test_failed_send_is_retried_not_lost(client, publish_major, lead):
    """The mail server refuses once; the immediate backend retries at once."""
    subscribe(client, lead, everything="on")
    mail.outbox.clear()
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(len(messages))
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", flaky):
        revision = publish_major()
    assert len(calls) == 2
    assert [message.to for message in mail.outbox] == [["lead@example.gov.uk"]]
    notification = Notification.objects.get(revision=revision)
    assert notification.email_attempts == 2 and notification.emailed_at is not None


def test_send_that_keeps_failing_stops_after_the_last_attempt(client, publish_major, lead):
    subscribe(client, lead, everything="on")
    from django.core.mail.backends.locmem import EmailBackend

    with mock.patch.object(
        EmailBackend, "send_messages", side_effect=smtplib.SMTPServerDisconnected("down")
    ) as send:
        revision = publish_major()
    assert send.call_count == tasks.MAX_ATTEMPTS
    notification = Notification.objects.get(revision=revision)
    assert notification.emailed_at is None
    assert notification.email_attempts == tasks.MAX_ATTEMPTS
    # The dashboard still tells them.
    client.force_login(lead)
    assert "Guidance you follow has changed" in text(client.get(reverse("dashboard")))


def test_one_failing_address_does_not_stop_the_others(client, publish_major, lead, member):
    subscribe(client, lead, everything="on")
    subscribe(client, member, everything="on")
    mail.outbox.clear()
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def refuse_the_lead(self, messages):
        if messages[0].to == ["lead@example.gov.uk"]:
            raise smtplib.SMTPRecipientsRefused({"lead@example.gov.uk": (550, b"No")})
        return real_send(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", refuse_the_lead):
        publish_major()
    assert [message.to for message in mail.outbox] == [["member@example.gov.uk"]]


def worker_commits(test):
    """The worker commits and closes connections as in production, so the test really commits."""
    return pytest.mark.django_db(transaction=True)(test)


@worker_commits
@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_publishing_queues_and_the_worker_sends(
    client, publish_major, lead, member
):
    subscribe(client, lead, everything="on")
    subscribe(client, member, everything="on")
    mail.outbox.clear()
    publish_major()
    # Publishing only queued the work.
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path__endswith="revision_notify").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "lead@example.gov.uk",
        "member@example.gov.uk",
    ]
    assert DBTaskResult.objects.filter(task_path__endswith="notification_email_send").count() == 2


@worker_commits
@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_a_failed_send_is_queued_again_later(
    client, publish_major, lead
):
    subscribe(client, lead, everything="on")
    mail.outbox.clear()
    publish_major()
    from django.core.mail.backends.locmem import EmailBackend

    worker = ("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload")
    with mock.patch.object(
        EmailBackend, "send_messages", side_effect=smtplib.SMTPServerDisconnected("down")
    ):
        call_command(*worker)
    retry = DBTaskResult.objects.get(
        task_path__endswith="notification_email_send", args_kwargs__kwargs__attempt=2
    )
    assert retry.status == "READY"
    assert retry.run_after > timezone.now()
    assert mail.outbox == []

    # Not before its time; then it is sent.
    call_command(*worker)
    assert mail.outbox == []
    later = timezone.now() + datetime.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command(*worker)
    assert [message.to for message in mail.outbox] == [["lead@example.gov.uk"]]
    assert Notification.objects.get(user=lead).email_attempts == 2


def test_emailing_twice_sends_once(client, publish_major, lead):
    subscribe(client, lead, everything="on")
    revision = publish_major()
    mail.outbox.clear()
    tasks.revision_notify.enqueue(revision_id=revision.pk)
    notification = Notification.objects.get(user=lead)
    tasks.notification_email_send.enqueue(notification_id=notification.pk)
    assert mail.outbox == []


def test_people_who_unsubscribed_before_the_email_went_are_not_emailed(lead, published_document):
    subscription = Subscription.objects.create(user=lead)
    notification = Notification.objects.create(
        user=lead, revision=published_document.current_revision
    )
    subscription.delete()
    tasks.notification_email_send.enqueue(notification_id=notification.pk)
    assert mail.outbox == []


def test_new_guidance_is_announced_with_a_link_to_the_document(
    lead, project_team, colleague, django_capture_on_commit_callbacks
):
    from tests.guidance.factories import document_draft

    Subscription.objects.create(user=lead)
    document = document_draft(by=project_team, title="Supply chain: model wording")
    with django_capture_on_commit_callbacks(execute=True):
        document_publish(document, by=colleague, change_note="First published.")
    (message,) = mail.outbox
    assert message.subject == "New guidance: Supply chain: model wording"
    assert document.get_absolute_url() in message.body


def test_someone_without_an_account_name_still_gets_a_plain_greeting(
    publish_major, django_capture_on_commit_callbacks
):
    person = UserFactory(email="no.name@example.gov.uk", full_name="")
    Subscription.objects.create(user=person)
    publish_major()
    (message,) = mail.outbox
    assert message.body.startswith("Hello,\n")
