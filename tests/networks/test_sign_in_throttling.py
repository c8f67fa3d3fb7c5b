"""Guessing passwords: a locked account and address, on /sign-in/ and the admin; and a
password reset that answers the same way for every address."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core import mail
from django.tasks import task_backends
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from networks.tasks import password_reset_email_send
from tests.networks.factories import PASSWORD, UserFactory
from tests.test_settings import run_manage

SIGN_IN = "/sign-in/"
ADMIN_SIGN_IN = "/admin/login/"


def sign_in(client, url, email, password, address="203.0.113.7"):
    return client.post(
        url, {"username": email, "password": password}, REMOTE_ADDR=address, follow=False
    )


def guess(client, url, email, times, address="203.0.113.7"):
    for _ in range(times):
        response = sign_in(client, url, email, "wrong-guess", address)
        assert response.status_code in (200, 429)
    return response


def test_the_defaults_lock_an_account_and_address_pair_for_half_an_hour():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert datetime.timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)


def test_the_limit_cool_off_and_proxies_come_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, "
        "s.AXES_COOLOFF_TIME.total_seconds(), s.AXES_IPWARE_PROXY_COUNT, "
        "s.AXES_IPWARE_META_PRECEDENCE_ORDER[0])",
        WEI_SIGN_IN_FAILURE_LIMIT="9",
        WEI_SIGN_IN_COOLOFF_MINUTES="2",
        WEI_TRUSTED_PROXY_COUNT="1",
    )
    assert result.returncode == 0, result.stderr
    # The last line: the shell may first say what it imported.
    printed = result.stdout.strip().splitlines()[-1].split()
    assert printed == ["9", "120.0", "1", "HTTP_X_FORWARDED_FOR"]


def test_the_right_password_after_too_many_wrong_ones_does_not_sign_in(client, member):
    guess(client, SIGN_IN, member.email, settings.AXES_FAILURE_LIMIT)
    response = sign_in(client, SIGN_IN, member.email, PASSWORD)
    assert response.status_code == 429
    assert "<title>Too many attempts to sign in – WEI good-practice portal</title>" in (
        response.text
    )
    assert "govuk-heading-l" in response.text
    assert "try again in 30 minutes" in response.text
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).status_code == 302


def test_fewer_failures_than_the_limit_still_sign_in_and_start_again(client, member):
    guess(client, SIGN_IN, member.email, settings.AXES_FAILURE_LIMIT - 1)
    response = sign_in(client, SIGN_IN, member.email, PASSWORD)
    assert response.url == reverse("dashboard")
    assert not AccessAttempt.objects.filter(username=member.email).exists()


def test_sixty_guesses_then_the_right_password_is_refused(client, member):
    guess(client, SIGN_IN, member.email, 60)
    assert sign_in(client, SIGN_IN, member.email, PASSWORD).status_code == 429


def test_the_lockout_is_per_account_and_address(client, member, lead):
    guess(client, SIGN_IN, member.email, settings.AXES_FAILURE_LIMIT)
    # The same account from another address, and another account from the same address.
    assert sign_in(client, SIGN_IN, member.email, PASSWORD, "198.51.100.9").status_code == 302
    client.logout()
    assert sign_in(client, SIGN_IN, lead.email, PASSWORD).status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lockout(client, member):
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            SIGN_IN,
            {"username": member.email, "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    response = client.post(
        SIGN_IN,
        {"username": member.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429


def test_the_admin_sign_in_is_locked_too(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    guess(client, ADMIN_SIGN_IN, admin.email, 60)
    response = sign_in(client, ADMIN_SIGN_IN, admin.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.text
    assert client.get("/admin/").status_code == 302


def test_failures_on_the_admin_and_the_sign_in_page_count_together(client, member):
    guess(client, ADMIN_SIGN_IN, member.email, 3)
    guess(client, SIGN_IN, member.email, settings.AXES_FAILURE_LIMIT - 3)
    assert sign_in(client, SIGN_IN, member.email, PASSWORD).status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, member):
    guess(client, SIGN_IN, member.email, settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, SIGN_IN, member.email, PASSWORD).status_code == 429
    later = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=later)
    assert sign_in(client, SIGN_IN, member.email, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=datetime.timedelta(minutes=1))
def test_the_limit_and_cool_off_are_settings(client, member):
    guess(client, SIGN_IN, member.email, 2)
    response = sign_in(client, SIGN_IN, member.email, PASSWORD)
    assert response.status_code == 429
    assert "try again in 1 minute." in response.text


def test_an_admin_unlocks_an_account(client, member, admin_user):
    guess(client, SIGN_IN, member.email, settings.AXES_FAILURE_LIMIT)
    client.force_login(admin_user)
    attempt = AccessAttempt.objects.get(username=member.email)
    changelist = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert member.email in changelist.text
    response = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    client.logout()
    assert sign_in(client, SIGN_IN, member.email, PASSWORD).status_code == 302


def test_the_reset_command_unlocks_an_account(client, member):
    guess(client, SIGN_IN, member.email, settings.AXES_FAILURE_LIMIT)
    reset(username=member.email)
    assert sign_in(client, SIGN_IN, member.email, PASSWORD).status_code == 302


# Password reset: the page only queues the email.

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@override_settings(TASKS=DUMMY_TASKS)
@pytest.mark.parametrize("known", [True, False], ids=["known", "unknown"])
def test_password_reset_queues_one_email_task_for_any_address(client, member, known):
    backend = task_backends["default"]
    backend.clear()
    email = member.email if known else "nobody@example.gov.uk"
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert [(result.task.name, result.kwargs) for result in backend.results] == [
        (password_reset_email_send.name, {"email": email})
    ]
    # Nothing is sent, or looked up, in the request.
    assert mail.outbox == []


@override_settings(TASKS=DUMMY_TASKS)
def test_password_reset_answers_known_and_unknown_addresses_identically(client, member):
    def answer(email):
        response = client.post(reverse("password_reset"), {"email": email}, follow=True)
        # The per-request nonce and form token differ on every page.
        page = re.sub(r'(nonce|value)="[^"]*"', "", response.text)
        return response.status_code, response.redirect_chain, page

    assert answer(member.email) == answer("nobody@example.gov.uk")


def test_password_reset_task_emails_only_a_known_address(member):
    assert password_reset_email_send.call(email="nobody@example.gov.uk") == 0
    assert mail.outbox == []
    assert password_reset_email_send.call(email=member.email.upper()) == 1
    assert mail.outbox[0].to == [member.email]
    assert "/password-reset/" in mail.outbox[0].body


def test_password_reset_task_emails_a_person_who_never_set_a_password(db):
    invited = UserFactory(email="invited@example.gov.uk")
    invited.set_unusable_password()
    invited.save()
    assert password_reset_email_send.call(email="invited@example.gov.uk") == 1


def test_password_reset_task_ignores_a_deactivated_account(db):
    UserFactory(email="gone@example.gov.uk", is_active=False)
    assert password_reset_email_send.call(email="gone@example.gov.uk") == 0
