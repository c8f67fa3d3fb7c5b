"""The Django admin for organisations, networks, people and memberships."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from networks.models import Membership, Network, Organisation
from tests.networks.factories import OrganisationFactory


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("user", "q=lead&is_staff__exact=0"),
        ("organisation", "q=testing&type__exact=ministerial&sector__exact=government"),
        ("network", "q=pride&organisation__sector=government"),
        ("membership", "q=lead&role__exact=lead"),
    ],
)
def test_changelists_search_and_filter(admin_client, lead, model, query):
    response = admin_client.get(f"{reverse(f'admin:networks_{model}_changelist')}?{query}")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_network_page_has_memberships_inline(admin_client, lead, network):
    response = admin_client.get(reverse("admin:networks_network_change", args=[network.pk]))
    assert "memberships-TOTAL_FORMS" in response.text
    assert escape(str(lead)) in response.text


@pytest.mark.parametrize("model", ["user", "organisation"])
def test_autocomplete_for_users_and_organisations(admin_client, lead, network, model):
    field, term = {
        "user": (("membership", "user"), "lead@"),
        "organisation": (("network", "organisation"), "testing"),
    }[model]
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "networks", "model_name": field[0], "field_name": field[1], "term": term},
    )
    assert response.status_code == 200
    assert response.json()["results"]


def test_members_cannot_open_the_admin(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:networks_network_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def network_form_data(network, membership, role):
    return {
        "organisation": network.organisation.pk,
        "name": network.name,
        "slug": network.slug,
        "description": network.description,
        "contact_email": network.contact_email,
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "1",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": membership.pk,
        "memberships-0-network": network.pk,
        "memberships-0-user": membership.user.pk,
        "memberships-0-role": role,
        "memberships-0-joined_0": "2026-01-01",
        "memberships-0-joined_1": "10:00:00",
    }


def test_admin_refuses_a_network_without_a_lead(admin_client, lead, network):
    membership = lead.memberships.get()
    response = admin_client.post(
        reverse("admin:networks_network_change", args=[network.pk]),
        network_form_data(network, membership, "member"),
    )
    assert response.status_code == 200
    assert "Testing Pride must have at least one lead." in response.text
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.LEAD


def test_admin_saves_a_network_that_keeps_its_lead(admin_client, lead, network):
    data = network_form_data(network, lead.memberships.get(), "lead")
    data["description"] = "Changed in the admin"
    response = admin_client.post(reverse("admin:networks_network_change", args=[network.pk]), data)
    assert response.status_code == 302
    assert Network.objects.get(pk=network.pk).description == "Changed in the admin"


def test_admin_cannot_delete_or_demote_a_last_lead(admin_client, lead, network):
    membership = lead.memberships.get()
    delete = reverse("admin:networks_membership_delete", args=[membership.pk])
    assert admin_client.get(delete).status_code == 403
    response = admin_client.post(
        reverse("admin:networks_membership_change", args=[membership.pk]),
        {
            "user": lead.pk,
            "network": network.pk,
            "role": "member",
            "joined_0": "2026-01-01",
            "joined_1": "10:00:00",
        },
    )
    assert "Testing Pride must have at least one lead" in response.text
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.LEAD


def organisation_form_data(organisation, **changes):
    return {
        "name": organisation.name,
        "acronym": organisation.acronym,
        "slug": organisation.slug,
        "type": organisation.type,
        "sector": organisation.sector,
        "parent": organisation.parent_id or "",
        **changes,
    }


def test_admin_refuses_an_organisation_made_its_own_ancestor(admin_client, organisation):
    agency = OrganisationFactory(parent=organisation)
    response = admin_client.post(
        reverse("admin:networks_organisation_change", args=[organisation.pk]),
        organisation_form_data(organisation, parent=agency.pk),
    )
    assert response.status_code == 200
    assert "An organisation cannot be its own parent or ancestor." in response.text
    assert Organisation.objects.get(pk=organisation.pk).parent is None


def test_admin_refuses_an_over_long_organisation_name(admin_client, organisation):
    response = admin_client.post(
        reverse("admin:networks_organisation_change", args=[organisation.pk]),
        organisation_form_data(organisation, name="x" * 201),
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.text
    assert Organisation.objects.get(pk=organisation.pk).name == "Department for Testing"
