"""People's permissions cost a query only for those who hold some: the query that loads the
person on each request says whether they hold any, directly or through a group, and reads
their memberships."""

import pytest
from django.contrib.auth.models import Group, Permission

from networks.backends import PermissionBackend
from networks.models import Membership
from tests.networks.factories import MembershipFactory, NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TEAM_PERMISSION = "networks.view_all_organisations"


def loaded(user):
    """The person as a request loads them."""
    return PermissionBackend().get_user(user.pk)


def test_a_lead_holding_no_permissions_is_asked_for_them_without_a_query(
    lead, django_assert_num_queries
):
    with django_assert_num_queries(1):
        person = loaded(lead)
    with django_assert_num_queries(0):
        assert not person.has_perm(TEAM_PERMISSION)
        assert person.get_all_permissions() == set()


def test_the_project_team_reads_its_permissions_once(project_team, django_assert_num_queries):
    person = loaded(project_team)
    with django_assert_num_queries(1):
        assert person.has_perm(TEAM_PERMISSION)
        assert person.has_perm("guidance.view_consistency_report")


def test_a_permission_given_or_taken_away_counts_from_the_next_request(lead):
    assert not loaded(lead).has_perm(TEAM_PERMISSION)
    app_label, codename = TEAM_PERMISSION.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    lead.user_permissions.add(permission)
    assert loaded(lead).has_perm(TEAM_PERMISSION)
    lead.user_permissions.remove(permission)
    group = Group.objects.create(name="Auditors")
    group.permissions.add(permission)
    lead.groups.add(group)
    assert loaded(lead).has_perm(TEAM_PERMISSION)
    group.permissions.remove(permission)
    assert not loaded(lead).has_perm(TEAM_PERMISSION)


def test_an_admin_holds_every_model_permission_and_an_inactive_person_is_not_loaded(
    admin_user, lead
):
    assert loaded(admin_user).has_perm("guidance.change_goodpracticeentry")
    lead.is_active = False
    lead.save()
    assert loaded(lead) is None


# The same query reads the person's memberships.


def test_memberships_come_with_the_person_in_its_one_query(lead, django_assert_num_queries):
    first = lead.memberships.get()
    other = MembershipFactory(
        user=lead,
        role=Membership.Role.MEMBER,
        network=NetworkFactory(
            organisation=OrganisationFactory(name="Department for Culture, Media & Sport")
        ),
    )
    own, others = first.network.organisation_id, other.network.organisation_id
    with django_assert_num_queries(1):
        person = loaded(lead)
    with django_assert_num_queries(0):
        assert person.organisation_ids() == {own, others}
        assert person.organisation_ids(Membership.Role.LEAD) == {own}
        assert person.network_ids(Membership.Role.MEMBER) == {other.network_id}
    # The same as reading them on their own.
    expected = sorted(
        Membership.objects.filter(user=lead).values_list(
            "network_id", "network__organisation_id", "role"
        )
    )
    assert sorted(person._memberships) == expected


def test_a_membership_given_or_taken_away_counts_from_the_next_request(lead, member):
    assert loaded(member).organisation_ids()
    member.memberships.all().delete()
    assert loaded(member).organisation_ids() == set()
    assert loaded(member)._memberships == []
    network = lead.memberships.get().network
    MembershipFactory(user=member, network=network, role=Membership.Role.MEMBER)
    assert loaded(member).organisation_ids() == {network.organisation_id}
