"""A section comparison lists its organisations fifty to a page, every one exactly once."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from submissions.models import SectionResult, Submission
from tests.submissions.fixtures_compare import seed_sharers

pytestmark = pytest.mark.django_db

URL = reverse("submissions:section_compare", kwargs={"year": 2019, "number": 2})
POSITION = re.compile(
    rb'<tr class="govuk-table__row"><td class="govuk-table__cell govuk-table__cell--numeric">'
    rb"(\d+)</td>"
)


@pytest.fixture
def crowded(client, lead, shared_submission):
    """180 other organisations (135 of them shared) in the section, and the lead's own
    organisation among the lowest, on the last page."""
    seed_sharers(shared_submission.edition, 180)
    SectionResult.objects.filter(submission=shared_submission, section__number=2).update(
        score=Decimal(0)
    )
    client.force_login(lead)
    # Counted straight from the database: every score in the section, except other
    # organisations' private ones (the viewer's own private one would count, but it is named).
    listed = (
        SectionResult.objects.filter(
            submission__edition=shared_submission.edition, section__number=2
        )
        .exclude(submission__sharing=Submission.Sharing.PRIVATE)
        .count()
    )
    return client, listed


LABEL = re.compile(rb'<th scope="row" class="govuk-table__header">(?:<a [^>]*>)?([^<]+)<')


def positions(response):
    return [int(number) for number in POSITION.findall(response.content)]


def labels(response):
    return LABEL.findall(response.content)


def test_every_organisation_is_on_exactly_one_page(crowded):
    client, listed = crowded
    pages = [client.get(URL, {"page": number}) for number in (1, 2, 3)]
    seen = [label for page in pages for label in labels(page)]
    assert [len(labels(page)) for page in pages] == [50, 50, listed - 100]
    assert len(set(seen)) == len(seen) == listed
    ranks = [position for page in pages for position in positions(page)]
    assert ranks == sorted(ranks)
    assert b'aria-current="page"' in pages[1].content


def test_page_title_and_caption_say_which_rows(crowded):
    client, listed = crowded
    response = client.get(URL, {"page": 2})
    title = response.content.split(b"</title>")[0]
    assert b"all organisations (page 2 of 3)" in title
    assert f"rows 51 to 100 of {listed}".encode() in response.content
    assert f"positions 51 to 100 of {listed}".encode() in response.content


def test_own_organisation_on_a_later_page_is_linked(crowded):
    client, _listed = crowded
    first = client.get(URL)
    assert not any(b"(your organisation)" in label for label in labels(first))
    assert b'href="?sort=score-desc&amp;page=3#section-scores">go to page 3</a>' in first.content
    last = client.get(URL, {"page": 3})
    assert any(label.endswith(b"(your organisation)") for label in labels(last))
    assert b", on this page." in last.content


def test_sorted_pages_keep_the_order_and_the_sort(crowded):
    client, _listed = crowded
    response = client.get(URL, {"sort": "score-asc", "page": 1})
    assert positions(response) == sorted(positions(response), reverse=True)
    assert positions(response)[0] > 100
    assert b"sort=score-asc&amp;page=2" in response.content


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "<script>alert(1)</script>", "1" * 400])
def test_a_page_that_does_not_exist_shows_the_nearest(crowded, page):
    client, _listed = crowded
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert positions(response)
    assert b"<script>alert(1)" not in response.content


def test_later_pages_read_no_more_than_the_first(crowded, django_assert_max_num_queries):
    client, _listed = crowded
    for number in (1, 2, 3):
        with django_assert_max_num_queries(7):
            assert client.get(URL, {"page": number}).status_code == 200


def test_each_page_asked_for_is_the_one_the_paginator_gives_and_few_are_cached(crowded):
    client, listed = crowded
    last = -(-listed // 50)
    asked = {"abc": 1, "²": 1, "1.5": 1, "": 1, "2": 2, "0": last, "999": last, "9" * 40: last}
    for page, shown in asked.items():
        response = client.get(URL, {"page": page})
        assert response.context["listing"].number == shown, page
        assert f"rows {(shown - 1) * 50 + 1} to".encode() in response.content, page
    # However many page numbers are asked for, a listing caches one page for each number up
    # to a bound, and past it the last page once.
    for page in range(1001, 1041):
        client.get(URL, {"page": str(page) * 3})
    pages = [key for key in cache._cache if "section-page" in key]
    assert len(pages) <= len(asked) + 1
