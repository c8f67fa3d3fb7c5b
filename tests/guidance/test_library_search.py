"""The library's search: what it finds, how it ranks, what bad input does, and what it costs.

Run on SQLite by default and on PostgreSQL with DATABASE_URL; the PostgreSQL-only tests are
about the stored search vector and the shape of its queries.
"""

import time

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guidance import national, selectors, services
from guidance.models import GoodPracticeEntry
from guidance.selectors import EntryFilters, Sort
from networks.services import guidance_version_bump
from tests.guidance.factories import PublishedEntryFactory
from tests.guidance.safety import assert_safe_html

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def library(client, **params):
    return client.get(reverse("guidance:entry_list"), params)


@pytest.fixture
def reader(client, other_lead):
    client.force_login(other_lead)
    return client


def titles_found(query, **filters):
    results = selectors.entry_library(filters=EntryFilters(query=query, **filters))
    return [entry.title for entry in Paginator(results, 20).get_page(1)]


BAD_SEARCHES = {
    "only stop words": "the and of to a",
    "operators": "&|!:*()",
    "operators between words": "allies & | ! : * ( ) lanyards",
    "sql": "'; DROP TABLE guidance_goodpracticeentry; --",
    "sql union": "allies' UNION SELECT password FROM networks_user --",
    "unbalanced quotes": '"allies',
    "tsquery syntax": "allies:* <-> !drop",
    "backslashes": "\\\\ \\' \\",
}


@pytest.mark.parametrize("query", list(BAD_SEARCHES.values()), ids=list(BAD_SEARCHES))
def test_bad_searches_show_a_page_not_an_error(reader, published_entry, query):
    started = time.perf_counter()
    response = library(reader, q=query)
    assert time.perf_counter() - started < 2
    assert response.status_code == 200
    assert b"There is a problem" not in response.content
    assert_safe_html(response.content.decode())
    assert GoodPracticeEntry.objects.filter(pk=published_entry.pk).exists()


@pytest.mark.parametrize("query", list(BAD_SEARCHES.values()), ids=list(BAD_SEARCHES))
def test_bad_searches_give_the_selector_no_trouble(published_entry, query):
    for sort in ("", Sort.RELEVANCE, Sort.NEWEST, Sort.HELPFUL):
        titles_found(query, sort=sort)


def test_ten_thousand_characters_reach_the_database_as_two_hundred(published_entry):
    query = "allies " * 1430
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        found = titles_found(query)
    assert time.perf_counter() - started < 2
    assert found == [published_entry.title]
    assert all(len(query["sql"]) < 10_000 for query in queries.captured_queries)


def test_stop_words_alone_find_nothing_rather_than_everything(reader, published_entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite matches words as text and has no stop words")
    response = library(reader, q="the and of")
    assert b"No published entries match your search." in response.content
    assert COMMON_WORDS_HINT in response.text


def test_operators_alone_find_nothing(reader, published_entry):
    response = library(reader, q="&|!:*()")
    assert b"No published entries match your search." in response.content
    assert COMMON_WORDS_HINT in response.text


def test_a_search_that_simply_matches_nothing_gives_no_hint(reader, published_entry):
    response = library(reader, q="zebra crossings")
    assert b"No published entries match your search." in response.content
    assert COMMON_WORDS_HINT not in response.text


COMMON_WORDS_HINT = "Your search has only very common words"


def test_results_page_title_names_the_search(reader, published_entry):
    response = library(reader, q="allies <b>")
    assert "<title>Search results for “allies &lt;b&gt;” – Good practice – WEI" in response.text
    assert "<title>Good practice – WEI" in library(reader).text


def test_results_title_gives_the_page_when_there_are_several(reader, network):
    for number in range(25):
        PublishedEntryFactory(network=network, title=f"Allies programme {number}")
    response = library(reader, q="allies", page=2)
    assert "<title>Search results for “allies” (page 2 of 2) – Good practice" in response.text


def test_every_sort_lists_each_match_once_with_its_helpful_count(
    network, member, other_lead, section, other_section
):
    liked = PublishedEntryFactory(network=network, title="Allies liked by two")
    liked.sections.add(section, other_section)
    PublishedEntryFactory(network=network, title="Allies liked by none")
    services.entry_mark_helpful(entry=liked, user=member)
    services.entry_mark_helpful(entry=liked, user=other_lead)
    for sort in ("", Sort.RELEVANCE, Sort.NEWEST, Sort.HELPFUL):
        results = selectors.entry_library(filters=EntryFilters(query="allies", sort=sort))
        page = Paginator(results, 20).get_page(1)
        assert page.paginator.count == 2
        counts = {entry.title: entry.helpful_count for entry in page}
        assert counts == {"Allies liked by two": 2, "Allies liked by none": 0}
    helpful = titles_found("allies", sort=Sort.HELPFUL)
    assert helpful == ["Allies liked by two", "Allies liked by none"]


def test_pages_split_the_matches_without_repeats(network):
    for number in range(45):
        PublishedEntryFactory(network=network, title=f"Allies {number:02d}")
    results = selectors.entry_library(filters=EntryFilters(query="allies"))
    paginator = Paginator(results, 20)
    seen = [entry.title for number in paginator.page_range for entry in paginator.page(number)]
    assert len(seen) == 45
    assert sorted(seen) == sorted(f"Allies {number:02d}" for number in range(45))


def test_search_page_query_count_does_not_grow_with_matches(
    client, member, network, section, django_assert_num_queries
):
    client.force_login(member)
    PublishedEntryFactory(network=network, title="Allies first").sections.add(section)
    library(client, q="allies")  # fills the cache: the demo flag and the filter lists
    with django_assert_num_queries(SEARCH_QUERIES):
        library(client, q="allies")
    for number in range(40):
        PublishedEntryFactory(network=network, title=f"Allies {number}").sections.add(section)
    guidance_version_bump()  # as publishing them would
    for sort in ("", Sort.NEWEST, Sort.HELPFUL):
        with django_assert_num_queries(SEARCH_QUERIES + RESULTS_QUERIES):
            response = library(client, q="allies", sort=sort, page=2)
        assert response.status_code == 200
        # The same search again comes from the cache, the same to the letter.
        with django_assert_num_queries(SEARCH_QUERIES):
            again = library(client, q="allies", sort=sort, page=2)
        assert results_of(again.text) == results_of(response.text)
        assert results_of(again.text).count('class="portal-result"') == 20


def results_of(text):
    start = text.index('<ul class="govuk-list portal-results"')
    return text[start : text.index('<nav class="govuk-pagination"', start)]


def test_a_cached_search_shows_a_withdrawal_a_new_entry_and_a_helpful_mark_at_once(
    client, member, lead, network, section
):
    first = PublishedEntryFactory(network=network, title="Allies first")
    gone = PublishedEntryFactory(network=network, title="Allies withdrawn")
    client.force_login(member)
    text = library(client, q="allies").text
    assert "Allies withdrawn" in text
    assert "2 entries matching" in text
    services.entry_withdraw(entry=gone, by=lead, reason="Out of date")
    services.entry_mark_helpful(entry=first, user=member)
    text = library(client, q="allies").text
    assert "Allies withdrawn" not in text
    assert "1 entry matching" in text
    assert "found helpful by 1 person" in text
    draft = services.entry_create(
        author=member, network=network, title="Allies new", summary="New.", body="New."
    )
    services.entry_publish(entry=draft, by=lead)
    assert "Allies new" in library(client, q="allies").text


# Session, user (with their memberships), the data versions and the person's waiting entries; the
# results come from the cache under the guidance version.
SEARCH_QUERIES = 4
# The results when they are not in the cache: the count, the page (its entries picked and
# read in one query) and their sections.
RESULTS_QUERIES = 3


def test_national_seed_writes_searchable_published_entries(
    network, other_network, member, section, other_section
):
    written = national.entries_seed(count=60, networks=[network, other_network])
    assert written == 60
    assert GoodPracticeEntry.objects.published().count() == 60
    assert GoodPracticeEntry.objects.filter(sections__isnull=True).count() == 0
    assert {entry.network_id for entry in GoodPracticeEntry.objects.all()} == {
        network.pk,
        other_network.pk,
    }
    common = selectors.entry_library(filters=EntryFilters(query=national.COMMON_WORD))
    rare = selectors.entry_library(filters=EntryFilters(query=national.RARE_WORD))
    assert common.count() >= 50
    assert rare.count() == len(range(0, 60, national.RARE_EVERY))


@postgres_only
def test_title_outranks_summary_outranks_description(network):
    PublishedEntryFactory(network=network, title="Lunch club", summary="Lunch.", body="Kites.")
    PublishedEntryFactory(network=network, title="Picnic", summary="Kites for all.", body="No.")
    PublishedEntryFactory(network=network, title="Kites in the park", summary="Go.", body="No.")
    assert titles_found("kites") == ["Kites in the park", "Picnic", "Lunch club"]


@postgres_only
def test_bulk_writes_keep_the_stored_vector_current(network):
    GoodPracticeEntry.objects.bulk_create(
        [
            PublishedEntryFactory.build(network=network, author=None, title="Bulk kites"),
            PublishedEntryFactory.build(network=network, author=None, title="Bulk picnic"),
        ]
    )
    assert titles_found("kites") == ["Bulk kites"]
    GoodPracticeEntry.objects.filter(title="Bulk picnic").update(body="Paper lanterns.")
    assert titles_found("lanterns") == ["Bulk picnic"]
    entry = GoodPracticeEntry.objects.get(title="Bulk kites")
    entry.title = "Bulk balloons"
    entry.save()
    assert titles_found("kites") == []
    assert titles_found("balloon") == ["Bulk balloons"]


@postgres_only
def test_phrases_and_exclusions_use_web_search_syntax(network):
    PublishedEntryFactory(network=network, title="Reverse mentoring", body="Directors.")
    PublishedEntryFactory(network=network, title="Mentoring in reverse", body="Directors.")
    assert titles_found('"reverse mentoring"') == ["Reverse mentoring"]
    assert titles_found("directors -reverse") == []
    assert sorted(titles_found("reverse or directors")) == [
        "Mentoring in reverse",
        "Reverse mentoring",
    ]


@postgres_only
def test_counting_neither_ranks_nor_excerpts_and_the_page_excerpts_only_its_rows(network):
    for number in range(30):
        PublishedEntryFactory(network=network, title=f"Kites {number}", body="Kites fly.")
    results = selectors.entry_library(filters=EntryFilters(query="kites"))
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(results, 20).get_page(2)
        entries = list(page)
    count_sql, page_sql = (query["sql"] for query in queries.captured_queries[:2])
    assert "COUNT(*)" in count_sql
    assert "ts_rank" not in count_sql and "ts_headline" not in count_sql
    assert ".search_vector @@" in count_sql
    # The ids of the page are picked (and limited) in a subquery; the excerpt is worked out
    # in the outer query, for those rows only, and nothing is grouped by entry.
    inner_start = page_sql.index("IN (SELECT")
    inner = page_sql[inner_start:]
    assert "LIMIT 10 OFFSET 20" in inner
    assert "ts_headline" in page_sql[:inner_start]
    assert "ts_headline" not in inner
    assert 'GROUP BY "guidance_goodpracticeentry"."id"' not in page_sql
    assert len(entries) == 10
    assert all("\x02Kites\x03" in entry.headline for entry in entries)


@postgres_only
def test_the_search_can_use_the_gin_index_and_keeps_vectors_in_the_row(network):
    for number in range(30):
        PublishedEntryFactory(network=network, title=f"Kites {number}")
    PublishedEntryFactory(network=network, title="Balloons")
    results = selectors.entry_library(filters=EntryFilters(query="balloons"))
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 1
    with connection.cursor() as cursor:
        # Too few rows for the planner to prefer the index by itself: ask whether it can,
        # without the status index (dropped inside the test's transaction, so only here).
        cursor.execute("DROP INDEX entry_status_published")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attname = 'search_vector' "
            "AND attrelid = 'guidance_goodpracticeentry'::regclass"
        )
        storage = cursor.fetchone()[0]
    assert "Bitmap Index Scan on entry_search_vector" in plan
    assert storage == "m"


def test_the_search_box_and_page_links_are_each_searchs_own(reader, network):
    for number in range(45):
        PublishedEntryFactory(network=network, title=f"Allies & friends {number:02d}")
    first = library(reader, q="allies & friends", page=2).text
    assert 'value="allies &amp; friends"' in first
    assert 'href="?q=allies+%26+friends&amp;page=3"' in first
    assert 'aria-current="page">2<' in first
    # Another search, page or query string is not shown the cached box or links of the first.
    other = library(reader, q="friends", page=2).text
    assert 'value="friends"' in other and "allies &amp; friends" not in other
    assert 'href="?q=friends&amp;page=1"' in other
    hostile = library(reader, q="friends <script>").text
    assert 'value="friends &lt;script&gt;"' in hostile and "allies &amp; friends" not in hostile
    third = library(reader, q="allies & friends", page=3).text
    assert 'aria-current="page">3<' in third and 'href="?q=allies+%26+friends&amp;page=2"' in third
    sorted_too = library(reader, q="allies & friends", page=2, sort=Sort.NEWEST).text
    assert f'href="?q=allies+%26+friends&amp;page=3&amp;sort={Sort.NEWEST}"' in sorted_too
