"""Managing a network: its description and contact, and who belongs to it."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from networks.models import Membership, Network, User
from tests.locking import post_opened
from tests.networks.factories import MembershipFactory, UserFactory, sign_in_request


def url(name, network, membership=None):
    kwargs = {"slug": network.slug}
    if membership is not None:
        kwargs["pk"] = membership.pk
    return reverse(f"networks:{name}", kwargs=kwargs)


def test_lead_edits_description_and_contact(client, lead, network):
    client.force_login(lead)
    response = post_opened(
        client,
        url("network_edit", network),
        {"description": "We meet monthly.", "contact_email": "pride@example.gov.uk"},
        follow=True,
    )
    assert "Testing Pride has been updated" in response.text
    network.refresh_from_db()
    assert network.description == "We meet monthly."
    assert network.contact_email == "pride@example.gov.uk"


@pytest.mark.parametrize(
    ("data", "anchor", "message"),
    [
        (
            {"description": "ok", "contact_email": "not an email"},
            "id_contact_email",
            "Enter an email address in the correct format, like name@example.gov.uk",
        ),
        (
            {"description": "ok", "contact_email": "<script>alert(1)</script>"},
            "id_contact_email",
            "Enter an email address in the correct format, like name@example.gov.uk",
        ),
        (
            {"description": "x" * 5001, "contact_email": ""},
            "id_description",
            "Description must be 5,000 characters or fewer",
        ),
    ],
    ids=["wrong-type", "hostile", "huge"],
)
def test_bad_network_details_are_refused(client, lead, network, data, anchor, message):
    before = Network.objects.values().get(pk=network.pk)
    client.force_login(lead)
    response = post_opened(client, url("network_edit", network), data)
    assert response.status_code == 200
    assert "<title>Error: Edit Testing Pride" in response.text
    assert f'href="#{anchor}">{message}</a>' in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert Network.objects.values().get(pk=network.pk) == before


def test_empty_network_details_are_allowed(client, lead, network):
    client.force_login(lead)
    response = post_opened(
        client, url("network_edit", network), {"description": "", "contact_email": ""}
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.contact_email == ""


def test_lead_adding_an_existing_account_sees_only_what_they_typed(
    client, lead, network, django_capture_on_commit_callbacks
):
    person = UserFactory(email="Existing@example.gov.uk", full_name="Alexandra Secretname")
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("member_add", network),
            {"email": "EXISTING@example.gov.uk", "full_name": "Alex", "role": "lead"},
            follow=True,
        )
    assert "existing@example.gov.uk has been added to Testing Pride as a network lead" in (
        response.text
    )
    assert person.memberships.get(network=network).role == Membership.Role.LEAD
    membership = person.memberships.get(network=network)
    # Not the account's name, nor its spelling of the address, on any page about the network.
    pages = [
        response.text,
        client.get(network.get_absolute_url()).text,
        client.get(network.organisation.get_absolute_url()).text,
        client.get(url("member_role", network, membership)).text,
        client.get(url("member_remove", network, membership)).text,
    ]
    for page in pages:
        assert "Secretname" not in page
        assert "Existing@example.gov.uk" not in page
    assert "<li>Alex</li>" in pages[1]
    # They are told, without a password link: they have one.
    assert [message.to for message in mail.outbox] == [["Existing@example.gov.uk"]]
    assert "You have been added to Testing Pride" in mail.outbox[0].subject
    assert "as a network lead" in mail.outbox[0].body
    assert "password-reset" not in mail.outbox[0].body


def test_lead_adding_an_existing_account_without_a_name_sees_the_address(
    client, lead, network, django_capture_on_commit_callbacks
):
    UserFactory(email="existing@example.gov.uk", full_name="Alexandra Secretname")
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("member_add", network), {"email": "existing@example.gov.uk", "role": "member"}
        )
    page = client.get(network.get_absolute_url()).text
    assert "Secretname" not in page
    assert "existing@example.gov.uk" in page
    assert len(mail.outbox) == 1


def test_adding_a_new_address_creates_an_account_and_emails_a_set_password_link(
    client, lead, network, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("member_add", network),
            {"email": "new.person@example.gov.uk", "full_name": "New Person", "role": "lead"},
            follow=True,
        )
    assert "new.person@example.gov.uk has been added to Testing Pride as a network lead" in (
        response.text
    )
    person = User.objects.get(email="new.person@example.gov.uk")
    assert person.full_name == "New Person"
    assert not person.has_usable_password()
    assert person.network_ids(Membership.Role.LEAD) == {network.pk}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.gov.uk"]
    assert "Testing Pride" in mail.outbox[0].subject

    client.logout()
    link = re.search(r"http://127.0.0.1:8000(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    response = client.post(
        form_url, {"new_password1": "a-first-passphrase", "new_password2": "a-first-passphrase"}
    )
    assert response.url == reverse("password_reset_complete")
    assert client.login(
        request=sign_in_request(),
        username="new.person@example.gov.uk",
        password="a-first-passphrase",
    )


@pytest.mark.parametrize(
    ("data", "anchor", "message"),
    [
        ({"email": "", "role": "member"}, "id_email", "Enter an email address"),
        (
            {"email": "not-an-email", "role": "member"},
            "id_email",
            "Enter an email address in the correct format, like name@example.gov.uk",
        ),
        (
            {"email": "<script>alert(1)</script>@example.gov.uk", "role": "member"},
            "id_email",
            "Enter an email address in the correct format, like name@example.gov.uk",
        ),
        (
            {"email": f"{'x' * 250}@example.gov.uk", "role": "member"},
            "id_email",
            "Email address must be 254 characters or fewer",
        ),
        (
            {"email": "new@example.gov.uk", "full_name": "x" * 151, "role": "member"},
            "id_full_name",
            "Full name must be 150 characters or fewer",
        ),
        ({"email": "new@example.gov.uk", "role": "owner"}, "id_role_1", "Select a role"),
        ({"email": "new@example.gov.uk"}, "id_role_1", "Select a role"),
    ],
    ids=["empty", "wrong-type", "hostile", "huge-email", "huge-name", "wrong-role", "no-role"],
)
def test_bad_new_member_is_refused_and_nothing_is_saved(
    client, lead, network, data, anchor, message
):
    users, memberships = User.objects.count(), Membership.objects.count()
    client.force_login(lead)
    response = client.post(url("member_add", network), data)
    assert response.status_code == 200
    assert "<title>Error: Add a member to Testing Pride" in response.text
    assert f'href="#{anchor}">{message}</a>' in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert mail.outbox == []


def test_adding_someone_already_in_the_network_is_refused(client, lead, member, network):
    client.force_login(lead)
    response = client.post(
        url("member_add", network), {"email": "MEMBER@example.gov.uk", "role": "lead"}
    )
    assert 'href="#id_email">member@example.gov.uk is already a member of Testing Pride' in (
        response.text
    )
    assert member.memberships.get(network=network).role == Membership.Role.MEMBER


def test_a_person_may_belong_to_several_networks(client, lead, member, network, other_network):
    MembershipFactory(user=lead, network=other_network, role=Membership.Role.LEAD)
    client.force_login(lead)
    client.post(url("member_add", other_network), {"email": member.email, "role": "member"})
    assert set(member.memberships.values_list("network__slug", flat=True)) == {
        network.slug,
        other_network.slug,
    }


def test_lead_makes_a_member_a_lead_then_steps_down(client, lead, member, network):
    membership = member.memberships.get()
    client.force_login(lead)
    response = client.get(url("member_role", network, membership))
    assert "<title>Change the role of" in response.text
    client.post(url("member_role", network, membership), {"role": "lead"})
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.LEAD
    own = lead.memberships.get()
    response = client.post(url("member_role", network, own), {"role": "member"})
    assert response.status_code == 302
    assert Membership.objects.get(pk=own.pk).role == Membership.Role.MEMBER


def test_demoting_the_last_lead_is_refused(client, lead, network):
    own = lead.memberships.get()
    client.force_login(lead)
    response = client.post(url("member_role", network, own), {"role": "member"})
    assert response.status_code == 200
    assert "<title>Error: " in response.text
    assert (
        'href="#id_role_1">Testing Pride must have at least one lead. '
        "Make someone else a lead before you change this lead&#x27;s role.</a>"
    ) in response.text
    assert Membership.objects.get(pk=own.pk).role == Membership.Role.LEAD


def test_bad_role_is_refused(client, lead, member, network):
    membership = member.memberships.get()
    client.force_login(lead)
    for data in ({}, {"role": "<script>alert(1)</script>"}, {"role": "x" * 1000}):
        response = client.post(url("member_role", network, membership), data)
        assert 'href="#id_role_1">Select a role</a>' in response.text
        assert "<script>alert(1)</script>" not in response.text
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.MEMBER


def test_removing_asks_for_confirmation_then_removes(client, lead, member, network):
    membership = member.memberships.get()
    client.force_login(lead)
    response = client.get(url("member_remove", network, membership))
    assert "Are you sure you want to remove" in response.text
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(url("member_remove", network, membership), follow=True)
    assert escape(f"{member} has been removed from Testing Pride") in response.text
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=member.pk).exists()


def test_removing_the_last_lead_is_refused(client, lead, network, project_team):
    own = lead.memberships.get()
    client.force_login(project_team)
    response = client.post(url("member_remove", network, own))
    assert response.status_code == 200
    assert "<title>Error: Remove" in response.text
    assert "Testing Pride must have at least one lead" in response.text
    assert Membership.objects.filter(pk=own.pk).exists()


def test_a_lead_with_another_lead_may_leave(client, lead, network):
    MembershipFactory(network=network, role=Membership.Role.LEAD)
    own = lead.memberships.get()
    client.force_login(lead)
    assert client.post(url("member_remove", network, own)).status_code == 302
    assert not Membership.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("name", ["network_edit", "member_add"])
def test_lead_cannot_manage_another_network(client, other_lead, network, name):
    client.force_login(other_lead)
    assert client.get(url(name, network)).status_code == 404
    assert client.post(url(name, network), {"email": "x@example.gov.uk"}).status_code == 404
    assert not network.memberships.filter(user__email="x@example.gov.uk").exists()


def test_a_membership_of_another_network_is_not_found_under_this_one(
    client, lead, network, other_lead, other_network
):
    theirs = other_lead.memberships.get()
    client.force_login(lead)
    assert client.get(url("member_role", network, theirs)).status_code == 404
    assert client.post(url("member_remove", network, theirs)).status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_project_team_manages_any_network(client, project_team, other_network):
    client.force_login(project_team)
    response = client.post(
        url("member_add", other_network), {"email": "first.lead@example.gov.uk", "role": "lead"}
    )
    assert response.status_code == 302
    assert other_network.memberships.leads().get().user.email == "first.lead@example.gov.uk"


def test_fields_in_error_are_marked_the_govuk_way(client, lead, member, network):
    client.force_login(lead)
    response = client.post(url("member_add", network), {"email": member.email, "role": "lead"})
    assert 'class="govuk-input govuk-input--error"' in response.text
    response = client.get(reverse("networks:organisation_list"), {"type": "nonsense"})
    assert "govuk-select--error" in response.text
