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


def test_sign_in_line_names_the_port_served_on(db, monkeypatch):
    import io
    from pathlib import Path

    out = io.StringIO()
    call_command("load_demo_data", allow_production=True, port="8123", stdout=out)
    assert "Sign in at http://127.0.0.1:8123/sign-in/ with:" in out.getvalue()
    monkeypatch.setenv("PORT", "8124")
    out = io.StringIO()
    call_command("load_demo_data", allow_production=True, stdout=out)
    assert "http://127.0.0.1:8124/sign-in/" in out.getvalue()
    # make run and make demo pass the port they serve on.
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert makefile.count("load_demo_data --port $(PORT)") == 2
    assert "runserver 127.0.0.1:$(PORT)" in makefile
