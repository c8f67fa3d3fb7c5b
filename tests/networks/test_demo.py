"""The demonstration data set: a fictional civil service with people in every role."""

import re

import pytest
from django.core.management import call_command

from networks.models import Membership, Network, Organisation, User


@pytest.fixture
def demo(db):
    call_command("load_demo_data", allow_production=True, stdout=None)


def test_demo_has_a_mixed_civil_service(demo):
    assert Organisation.objects.count() == 25
    assert Network.objects.count() == 30
    assert set(Organisation.objects.values_list("type", flat=True)) == set(Organisation.Type)
    assert len(set(Organisation.objects.values_list("sector", flat=True))) >= 5
    agencies = Organisation.objects.filter(type=Organisation.Type.EXECUTIVE_AGENCY)
    assert agencies.exists()
    assert not agencies.filter(parent=None).exists()


def test_every_demo_network_has_a_lead_with_a_departmental_address(demo):
    assert not Network.objects.exclude(memberships__role=Membership.Role.LEAD).exists()
    pattern = re.compile(r"^[a-z]+\.[a-z]+@[a-z]+\.demo\.example\.gov\.uk$")
    leads = User.objects.filter(memberships__role=Membership.Role.LEAD).exclude(
        email="lead@demo.example.gov.uk"
    )
    assert leads.count() >= 29
    assert all(pattern.match(email) for email in leads.values_list("email", flat=True))


def test_demo_sign_in_accounts_keep_their_roles(demo):
    spectrum = Network.objects.get(slug="mca-spectrum", organisation__acronym="MCA")
    lead = User.objects.get(email="lead@demo.example.gov.uk")
    assert spectrum.pk in lead.network_ids(Membership.Role.LEAD)
    member = User.objects.get(email="member@demo.example.gov.uk")
    assert spectrum.pk in member.network_ids()
    assert spectrum.pk not in member.network_ids(Membership.Role.LEAD)
    project_team = User.objects.get(email="project.team@demo.example.gov.uk")
    assert project_team.has_perm("networks.view_all_organisations")
    assert User.objects.get(email="admin@demo.example.gov.uk").is_superuser


def test_some_demo_people_belong_to_several_networks(demo):
    lead = User.objects.get(email="lead@demo.example.gov.uk")
    assert lead.memberships.count() > 1
