"""The directory of organisations and networks that everyone signed in may browse."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from networks.models import Membership, Network, Organisation
from tests.networks.factories import MembershipFactory, NetworkFactory, OrganisationFactory

LIST_URL = reverse("networks:organisation_list")


def make_organisations(count):
    """``count`` organisations in all, a third of them agencies under the first ones."""
    parents = Organisation.objects.bulk_create(
        Organisation(name=f"Ministry {n:03}", acronym=f"M{n:03}", slug=f"ministry-{n:03}")
        for n in range(count - count // 3)
    )
    agencies = Organisation.objects.bulk_create(
        Organisation(
            name=f"Agency {n:03}",
            acronym=f"A{n:03}",
            slug=f"agency-{n:03}",
            type=Organisation.Type.EXECUTIVE_AGENCY,
            parent=parents[n],
        )
        for n in range(count // 3)
    )
    Network.objects.bulk_create(
        Network(organisation=organisation, name="Pride", slug=f"{organisation.slug}-pride")
        for organisation in parents + agencies
    )


@pytest.mark.parametrize("count", [25, 500])
def test_directory_query_count_does_not_grow_with_organisations(
    client, member, django_assert_num_queries, count
):
    make_organisations(count)
    client.force_login(member)
    # Session, user, count, one page of organisations, demo-data notice.
    with django_assert_num_queries(5):
        response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Agency 000" in response.text


@pytest.mark.parametrize("count", [25, 500])
def test_filtered_second_page_query_count_does_not_grow(
    client, member, django_assert_num_queries, count
):
    make_organisations(count)
    client.force_login(member)
    with django_assert_num_queries(5):
        client.get(LIST_URL, {"q": "ministry", "sector": "government", "page": 2})


@pytest.mark.parametrize("networks", [1, 20])
def test_organisation_page_query_count_does_not_grow_with_networks(
    client, member, organisation, django_assert_num_queries, networks
):
    for _ in range(networks):
        MembershipFactory(network=NetworkFactory(organisation=organisation), role="lead")
    OrganisationFactory.create_batch(networks, parent=organisation)
    client.force_login(member)
    # Session, user (with their memberships), organisation, networks, their leads, children,
    # demo-data notice; the organisation's results and its good practice (the tags).
    with django_assert_num_queries(9):
        client.get(organisation.get_absolute_url())


@pytest.mark.parametrize("members", [1, 30])
def test_network_page_query_count_does_not_grow_with_members(
    client, lead, network, django_assert_num_queries, members
):
    MembershipFactory.create_batch(members, network=network)
    client.force_login(lead)
    # Session, user (with their memberships), network, leads, members, demo-data notice; the
    # organisation's results and its good practice (the tags).
    with django_assert_num_queries(8):
        response = client.get(network.get_absolute_url())
    assert response.text.count("Change role<span") == members + 1


def test_directory_lists_organisations_with_their_parent_and_network_count(client, member):
    department = OrganisationFactory(name="Department of Maps", acronym="DoM")
    agency = OrganisationFactory(
        name="Survey Agency", type=Organisation.Type.EXECUTIVE_AGENCY, parent=department
    )
    NetworkFactory.create_batch(2, organisation=agency)
    client.force_login(member)
    response = client.get(LIST_URL)
    assert "<title>Organisations – WEI good-practice portal</title>" in response.text
    assert "<caption" in response.text
    assert "Part of DoM" in response.text
    row = response.text.split("Survey Agency")[1].split("</tr>")[0]
    assert ">2</td>" in row


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"q": "maps"}, "Department of Maps", "Survey Agency"),
        ({"q": "sva"}, "Survey Agency", "Department of Maps"),
        ({"type": "executive_agency"}, "Survey Agency", "Department of Maps"),
        ({"sector": "defence_security"}, "Defence Lab", "Survey Agency"),
    ],
    ids=["name", "acronym", "type", "sector"],
)
def test_directory_filters_by_type_sector_and_search(client, member, query, shown, hidden):
    OrganisationFactory(name="Department of Maps", acronym="DoM")
    OrganisationFactory(
        name="Survey Agency", acronym="SVA", type=Organisation.Type.EXECUTIVE_AGENCY
    )
    OrganisationFactory(name="Defence Lab", acronym="DL", sector="defence_security")
    client.force_login(member)
    response = client.get(LIST_URL, query)
    assert shown in response.text
    assert hidden not in response.text


def test_directory_is_paginated(client, member):
    make_organisations(60)
    client.force_login(member)
    response = client.get(LIST_URL, {"q": "ministry", "page": 2})
    assert "Page 2 of 2" in response.text
    assert 'aria-label="Page 1"' in response.text
    assert "q=ministry" in response.text  # page links keep the filter


def test_directory_with_no_match_says_so(client, member):
    client.force_login(member)
    response = client.get(LIST_URL, {"q": "nothing like this"})
    assert "No organisations match your filters" in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"type": "secret_service"}, "Select a type from the list"),
        ({"sector": "<script>alert(1)</script>"}, "Select a Stonewall sector from the list"),
        ({"q": "x" * 201}, "Name or acronym must be 200 characters or fewer"),
    ],
    ids=["wrong-type", "hostile", "huge"],
)
def test_bad_filters_get_a_govuk_error(client, member, query, message):
    client.force_login(member)
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    assert "<title>Error: Organisations" in response.text
    assert f"{message}</a>" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_organisation_page_shows_networks_leads_parent_and_children(
    client, member, organisation, network, lead
):
    parent = OrganisationFactory(name="Parent Department")
    organisation.parent = parent
    organisation.save()
    OrganisationFactory(name="Child Agency", parent=organisation)
    client.force_login(member)
    response = client.get(organisation.get_absolute_url())
    assert "<title>Department for Testing – WEI good-practice portal</title>" in response.text
    assert network.get_absolute_url() in response.text
    assert escape(str(lead)) in response.text
    assert parent.get_absolute_url() in response.text
    assert "Child Agency" in response.text


def test_network_page_shows_description_contact_and_leads(client, member, network, lead):
    client.force_login(member)
    response = client.get(network.get_absolute_url())
    assert network.description in response.text
    assert f"mailto:{network.contact_email}" in response.text
    assert escape(str(lead)) in response.text


def test_members_see_no_member_list_or_management_links(client, member, network, lead):
    client.force_login(member)
    response = client.get(network.get_absolute_url())
    assert member.email not in response.text
    assert reverse("networks:member_add", kwargs={"slug": network.slug}) not in response.text
    assert reverse("networks:network_edit", kwargs={"slug": network.slug}) not in response.text


def test_leads_see_members_and_management_links(client, member, network, lead):
    client.force_login(lead)
    response = client.get(network.get_absolute_url())
    assert member.email in response.text
    assert reverse("networks:member_add", kwargs={"slug": network.slug}) in response.text


def test_unknown_organisation_and_network_are_404(client, member):
    client.force_login(member)
    assert client.get(reverse("networks:organisation_detail", args=["nope"])).status_code == 404
    assert client.get(reverse("networks:network_detail", args=["nope"])).status_code == 404


def test_dashboard_links_to_each_of_my_networks(client, member, network, other_network):
    MembershipFactory(user=member, network=other_network, role=Membership.Role.LEAD)
    client.force_login(member)
    response = client.get(reverse("dashboard"))
    assert f'href="{network.get_absolute_url()}"' in response.text
    assert f'href="{other_network.get_absolute_url()}"' in response.text
    assert LIST_URL in response.text


def test_organisation_and_network_pages_link_to_results_trend_and_good_practice(
    client, member, other_lead, organisation, network
):
    from django.urls import reverse

    from submissions.models import Submission
    from tests.guidance.factories import PublishedEntryFactory
    from tests.submissions.factories import SubmissionFactory, edition_with_sections

    named = SubmissionFactory(
        organisation=organisation,
        edition=edition_with_sections(year=2019),
        sharing=Submission.Sharing.NAMED,
    )
    private = SubmissionFactory(
        organisation=organisation,
        edition=edition_with_sections(year=2020, criteria_round=named.edition.criteria_round),
    )
    PublishedEntryFactory.create_batch(2, network=network)

    def profile(submission):
        return reverse(
            "submissions:profile",
            kwargs={"slug": organisation.slug, "year": submission.edition.year},
        )

    trend = reverse("submissions:trend", kwargs={"slug": organisation.slug})
    actions = reverse("submissions:actions", kwargs={"slug": organisation.slug})
    library = f"{reverse('guidance:entry_list')}?organisation={organisation.pk}"
    for page in (organisation.get_absolute_url(), network.get_absolute_url()):
        client.force_login(member)
        own = client.get(page).text
        assert all(
            link in own for link in (profile(named), profile(private), trend, actions, library)
        )
        assert private.get_absolute_url() in own
        assert "2 good-practice entries published" in own
        client.force_login(other_lead)
        outside = client.get(page).text
        assert profile(named) in outside and trend in outside and library in outside
        assert profile(private) not in outside
        assert actions not in outside
        assert private.get_absolute_url() not in outside
