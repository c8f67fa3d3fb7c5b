"""Signing in and out, and changing and resetting passwords."""

import re

import pytest
from django.core import mail
from django.urls import reverse


def test_sign_in_with_correct_details(client, member, password):
    response = client.post(
        reverse("login"), {"username": "MEMBER@example.gov.uk", "password": password}
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


@pytest.mark.parametrize(
    "email", ["member@example.gov.uk", "nobody@example.gov.uk"], ids=["wrong", "unknown"]
)
def test_wrong_credentials_get_an_error_summary_that_does_not_reveal_the_account(
    client, member, email
):
    response = client.post(reverse("login"), {"username": email, "password": "nope"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Enter a correct email address and password" in response.text
    assert "<title>Error: Sign in" in response.text
    assert "_auth_user_id" not in client.session


def test_empty_sign_in_names_each_field(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert 'href="#id_username">Enter your email address' in response.text
    assert 'href="#id_password">Enter your password' in response.text


def test_hostile_sign_in_input_is_escaped(client, db):
    response = client.post(
        reverse("login"), {"username": "<script>alert(1)</script>", "password": "x" * 10_000}
    )
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_sign_out_is_post_only(client, member):
    client.force_login(member)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).url == reverse("start")
    assert "_auth_user_id" not in client.session


def test_change_password(client, member, password):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.url == reverse("password_change_done")
    member.refresh_from_db()
    assert member.check_password("a-new-long-passphrase")


def test_change_password_errors_name_the_field(client, member):
    client.force_login(member)
    response = client.post(reverse("password_change"), {"old_password": "wrong"})
    assert 'href="#id_old_password"' in response.text
    assert 'href="#id_new_password1">Enter a new password' in response.text


def test_password_reset_emails_a_link_that_sets_a_new_password(client, member):
    response = client.post(reverse("password_reset"), {"email": "member@example.gov.uk"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"http://127.0.0.1:8000(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(
        form_url,
        {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"},
    )
    assert response.url == reverse("password_reset_complete")
    member.refresh_from_db()
    assert member.check_password("brand-new-passphrase")


def test_password_reset_for_unknown_email_looks_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.gov.uk"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_invalid_reset_link_says_it_has_expired(client, db):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))
    assert "The link has expired" in response.text


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("short", "short", "Your password must be at least 8 characters"),
        ("password123", "password123", "Enter a password that is harder to guess"),
        ("8374920174", "8374920174", "Your password must include letters or symbols"),
        ("a-new-long-passphrase", "a-different-one", "Enter the same password twice"),
    ],
)
def test_change_password_uses_govuk_wording(client, member, password, new, confirm, message):
    client.force_login(member)
    page = client.get(reverse("password_change")).text
    assert re.search(r">\s*Current password\s*</label>", page)
    assert "Confirm new password" in page
    assert "Your password must be at least 8 characters, not only numbers" in page
    assert "<ul>" not in page.split("<main")[1]
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": new, "new_password2": confirm},
    )
    assert message in response.text
    assert "didn’t" not in response.text and "This password" not in response.text


def test_change_password_with_a_wrong_current_password(client, member):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert 'href="#id_old_password">Your current password is incorrect' in response.text
