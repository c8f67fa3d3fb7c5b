"""Rules kept by the membership services and the models, whatever page calls them."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from networks import services
from networks.models import Membership, Network, Organisation, User
from tests.networks.factories import MembershipFactory, OrganisationFactory


def test_membership_add_normalises_the_address_and_reuses_the_account(
    member, other_network, django_capture_on_commit_callbacks
):
    member.full_name = "Real Name"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_add(
            network=other_network, email="  Member@EXAMPLE.gov.uk ", full_name="Typed Name"
        )
    assert membership.user == member
    assert (membership.name_given, membership.email_given) == (
        "Typed Name",
        "member@example.gov.uk",
    )
    assert membership.display_name == "Typed Name"
    assert User.objects.get(pk=member.pk).full_name == "Real Name"
    # The person is told; no password link, as they have a password.
    assert [message.to for message in mail.outbox] == [["member@example.gov.uk"]]
    assert "You have been added to Other Spectrum" in mail.outbox[0].subject
    assert "password-reset" not in mail.outbox[0].body


@override_settings(PORTAL_URL="https://portal.example.gov.uk")
def test_membership_add_sends_a_link_to_this_portal(network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_add(network=network, email="new@example.gov.uk")
    assert "https://portal.example.gov.uk/password-reset/" in mail.outbox[0].body


def test_membership_add_only_queues_its_email_until_the_change_commits(
    member, other_network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.membership_add(network=other_network, email=member.email)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_membership_add_refuses_a_duplicate(member, network):
    with pytest.raises(ValidationError, match="already a member of Testing Pride"):
        services.membership_add(network=network, email=member.email)
    assert member.memberships.count() == 1


@pytest.mark.parametrize(
    ("email", "full_name", "role"),
    [
        ("not an email", "", Membership.Role.MEMBER),
        ("new@example.gov.uk", "x" * 151, Membership.Role.MEMBER),
        ("new@example.gov.uk", "", "owner"),
    ],
    ids=["invalid-email", "huge-name", "wrong-role"],
)
def test_membership_add_saves_nothing_when_invalid(network, email, full_name, role):
    with pytest.raises(ValidationError):
        services.membership_add(network=network, email=email, full_name=full_name, role=role)
    assert not User.objects.exists()
    assert not Membership.objects.exists()
    assert mail.outbox == []


def test_a_mail_server_that_is_down_does_not_undo_the_membership(
    network, django_capture_on_commit_callbacks
):
    with (
        mock.patch("networks.tasks.send_mail", side_effect=OSError("SMTP down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        membership = services.membership_add(network=network, email="new@example.gov.uk")
    # The person can still ask for a password link from the sign-in page.
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert mail.outbox == []


def test_change_role_keeps_the_last_lead(lead, network):
    own = lead.memberships.get()
    with pytest.raises(ValidationError, match="must have at least one lead"):
        services.membership_change_role(membership=own, role=Membership.Role.MEMBER)
    assert Membership.objects.get(pk=own.pk).role == Membership.Role.LEAD


def test_change_role_lets_a_lead_step_down_when_another_remains(lead, network):
    MembershipFactory(network=network, role=Membership.Role.LEAD)
    own = services.membership_change_role(
        membership=lead.memberships.get(), role=Membership.Role.MEMBER
    )
    assert Membership.objects.get(pk=own.pk).role == Membership.Role.MEMBER


def test_change_role_refuses_an_unknown_role(member, lead):
    membership = member.memberships.get()
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=membership, role="owner")
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.MEMBER


def test_remove_keeps_the_last_lead_but_removes_members(lead, member, network):
    with pytest.raises(ValidationError, match="must have at least one lead"):
        services.membership_remove(membership=lead.memberships.get())
    services.membership_remove(membership=member.memberships.get())
    assert list(network.memberships.all()) == [lead.memberships.get()]


def test_an_organisation_cannot_be_its_own_ancestor(organisation):
    agency = OrganisationFactory(parent=organisation)
    office = OrganisationFactory(parent=agency)
    for ancestor in (organisation, office):
        organisation.parent = ancestor
        with pytest.raises(ValidationError, match="its own parent or ancestor"):
            organisation.full_clean()
    assert Organisation.objects.get(pk=organisation.pk).parent is None


def test_an_over_long_organisation_name_is_refused(db):
    with pytest.raises(ValidationError) as error:
        Organisation(name="x" * 201, slug="x").full_clean()
    assert "name" in error.value.message_dict


def test_managing_a_network_matches_editable_by(
    lead, member, other_lead, project_team, admin_user, network
):
    for user in (lead, member, other_lead, project_team, admin_user):
        assert user.has_perm("networks.manage_members", network) == (
            Network.objects.editable_by(user).filter(pk=network.pk).exists()
        )
