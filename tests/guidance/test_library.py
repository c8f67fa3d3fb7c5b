import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from guidance import services
from guidance.models import GoodPracticeEntry
from networks.models import Organisation
from networks.services import data_version_bump
from submissions.models import Edition
from tests.guidance.factories import PublishedEntryFactory
from tests.guidance.safety import assert_safe_html
from tests.networks.factories import NetworkFactory, OrganisationFactory

LIBRARY = "guidance:entry_list"


def library(client, **params):
    return client.get(reverse(LIBRARY), params)


@pytest.fixture
def reader(client, other_lead):
    client.force_login(other_lead)
    return client


def test_phrase_from_the_body_finds_the_entry(reader, published_entry, network):
    PublishedEntryFactory(network=network, title="Procurement clauses", body="Supplier rules.")
    response = library(reader, q="monthly drop-in")
    assert published_entry.title.encode() in response.content
    assert b"Procurement clauses" not in response.content
    assert b"<mark>" in response.content


def test_search_matches_the_title_and_summary(reader, published_entry):
    assert published_entry.title.encode() in library(reader, q="visible allies").content
    assert published_entry.title.encode() in library(reader, q="junior").content


def test_search_without_a_match_says_so(reader, published_entry):
    response = library(reader, q="zebra crossings")
    assert b"No published entries match your search." in response.content


def test_section_filter(reader, published_entry, other_section, network):
    other = PublishedEntryFactory(network=network, title="Supplier diversity clauses")
    other.sections.add(other_section)
    response = library(reader, section=published_entry.sections.get().pk)
    assert published_entry.title.encode() in response.content
    assert b"Supplier diversity clauses" not in response.content


def test_organisation_and_sector_filters(reader, published_entry):
    police = OrganisationFactory(
        name="Northshire Police", sector=Organisation.Sector.EMERGENCY_SERVICES
    )
    PublishedEntryFactory(network=NetworkFactory(organisation=police), title="Blue-light allies")
    by_sector = library(reader, sector="emergency_services").content
    assert b"Blue-light allies" in by_sector
    assert published_entry.title.encode() not in by_sector
    by_organisation = library(reader, organisation=published_entry.network.organisation.pk)
    assert published_entry.title.encode() in by_organisation.content
    assert b"Blue-light allies" not in by_organisation.content


def test_edition_filter(reader, published_entry, criteria_round, network):
    edition = Edition.objects.create(year=2019, criteria_round=criteria_round, maximum_total=200)
    PublishedEntryFactory(network=network, title="Entry about 2019", edition=edition)
    response = library(reader, edition=edition.pk)
    assert b"Entry about 2019" in response.content
    assert published_entry.title.encode() not in response.content


def test_sort_by_newest_and_by_most_helpful(reader, network, member, other_lead):
    older = PublishedEntryFactory(
        network=network, title="Older entry", published_at=timezone.now() - timezone.timedelta(1)
    )
    PublishedEntryFactory(network=network, title="Newer entry")
    services.entry_mark_helpful(entry=older, user=member)
    newest = library(reader, sort="newest").content
    assert newest.index(b"Newer entry") < newest.index(b"Older entry")
    helpful = library(reader, sort="helpful").content
    assert helpful.index(b"Older entry") < helpful.index(b"Newer entry")


def test_ten_thousand_character_search_gets_a_clear_message(reader, published_entry):
    response = library(reader, q="allies " * 1500)
    assert response.status_code == 200
    assert b"Search must be 200 characters or fewer" in response.content
    assert b"<title>Error: Good practice" in response.content
    assert published_entry.title.encode() in response.content


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE guidance_goodpracticeentry; --",
        "1' OR '1'='1",
        'allies" OR ""="',
        "UNION SELECT password FROM networks_user",
        "!!! & | ( ) : * <-> ''",
        "-",
        '"',
    ],
)
def test_sql_looking_search_is_just_text(reader, published_entry, query):
    response = library(reader, q=query)
    assert response.status_code == 200
    assert GoodPracticeEntry.objects.filter(pk=published_entry.pk).exists()
    assert_safe_html(response.content.decode())


def test_script_in_the_search_is_shown_as_text(reader, published_entry):
    response = library(reader, q="<script>alert(1)</script>")
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
    assert_safe_html(response.content.decode())


@pytest.mark.parametrize(
    "params",
    [
        {"section": "999999"},
        {"section": "1 OR 1=1"},
        {"organisation": "<script>"},
        {"sector": "nonsense"},
        {"edition": "-1"},
        {"sort": "password"},
        {"q": "null\x00byte"},
    ],
)
def test_bad_filter_values_get_a_message_not_an_error_page(reader, published_entry, params):
    response = library(reader, **params)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert published_entry.title.encode() in response.content


@pytest.mark.parametrize("page", ["99", "-1", "abc", "1e9", "0"])
def test_page_out_of_range_shows_a_real_page(reader, network, page):
    for number in range(25):
        PublishedEntryFactory(network=network, title=f"Entry number {number}")
    response = library(reader, page=page)
    assert response.status_code == 200
    assert b"Page " in response.content
    assert b"Entry number" in response.content


def test_library_query_count_does_not_grow_with_entries(
    client, member, network, section, other_section, django_assert_num_queries
):
    client.force_login(member)
    PublishedEntryFactory(network=network).sections.add(section)
    # The first request fills the cache: the filter form's lists and the results, then read
    # from it.
    with django_assert_num_queries(LIBRARY_QUERIES + 3 + RESULTS_QUERIES):
        library(client)
    with django_assert_num_queries(LIBRARY_QUERIES):
        library(client)
    for number in range(30):
        entry = PublishedEntryFactory(network=NetworkFactory(), title=f"Many {number}")
        entry.sections.add(section, other_section)
    data_version_bump()  # as the new organisations' networks would
    # Everything is read again, and the demonstration-data flag once, for the new version.
    with django_assert_num_queries(LIBRARY_QUERIES + 1 + 3 + RESULTS_QUERIES):
        library(client)
    with django_assert_num_queries(LIBRARY_QUERIES):
        library(client)
    # Results not yet cached, and one more to check the chosen section exists.
    with django_assert_num_queries(LIBRARY_QUERIES + RESULTS_QUERIES + 1):
        library(client, q="directors", section=section.pk, sort="helpful", page=2)


# Session, user (with their memberships), the data versions and the waiting entries; the
# filter form's lists of sections, organisations and editions come from the cache under the
# data version, and the results from the cache under the guidance version.
LIBRARY_QUERIES = 4
# The results when they are not in the cache: the count, the page and its sections.
RESULTS_QUERIES = 3


def test_filter_lists_follow_the_data_version(reader, published_entry):
    assert b"Northshire Police" not in library(reader).content
    OrganisationFactory(name="Northshire Police")
    assert b"Northshire Police" not in library(reader).content
    data_version_bump()
    assert b"Northshire Police" in library(reader).content
    section = published_entry.sections.get()
    chosen = library(reader, section=section.pk).text
    assert f'<option value="{section.pk}" selected>{section.criteria_round}: ' in chosen


def test_section_page_lists_its_entries(reader, published_entry, other_section):
    section = published_entry.sections.get()
    response = reader.get(reverse("guidance:section_entries", kwargs={"pk": section.pk}))
    assert published_entry.title.encode() in response.content
    empty = reader.get(reverse("guidance:section_entries", kwargs={"pk": other_section.pk}))
    assert b"No network has published good practice for this section yet." in empty.content


def test_section_page_query_count_does_not_grow(
    client, member, network, section, django_assert_num_queries
):
    client.force_login(member)
    url = reverse("guidance:section_entries", kwargs={"pk": section.pk})
    PublishedEntryFactory(network=network).sections.add(section)
    with django_assert_num_queries(SECTION_QUERIES):
        client.get(url)
    for number in range(25):
        PublishedEntryFactory(network=NetworkFactory(), title=f"Many {number}").sections.add(
            section
        )
    with django_assert_num_queries(SECTION_QUERIES):
        client.get(url)


# The section page also reads the sections it continues (one query).
SECTION_QUERIES = 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgres_search_ranks_title_matches_first_and_stems_words(reader, network):
    PublishedEntryFactory(network=network, title="Lunch and learn", body="We ran mentoring.")
    PublishedEntryFactory(network=network, title="Mentors for all", body="Nothing else.")
    content = library(reader, q="mentor").content
    assert content.index(b"Mentors for all") < content.index(b"Lunch and learn")
    quoted = library(reader, q='"ran mentoring"').content
    assert b"Lunch and learn" in quoted
    assert b"Mentors for all" not in quoted
    assert b"<mark>mentoring</mark>" in quoted


def test_cached_filter_lists_show_each_request_its_own_choices(
    reader, published_entry, other_section
):
    section = published_entry.sections.get()
    plain = library(reader).text
    assert '<option value="" selected>All sections</option>' in plain
    chosen = library(reader, section=other_section.pk, sort="newest").text
    assert f'<option value="{other_section.pk}" selected>' in chosen
    assert '<option value="newest" selected>' in chosen
    assert f'<option value="{section.pk}" selected>' not in chosen
    assert '<option value="" selected>All sections</option>' not in chosen
    searched = library(reader, q="allies").text
    assert '<option value="" selected>All sections</option>' in searched
    assert f'<option value="{other_section.pk}" selected>' not in searched
    refused = library(reader, section="999999").text
    assert "govuk-select--error" in refused
    assert "govuk-select--error" not in library(reader).text
