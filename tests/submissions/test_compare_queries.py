"""Every comparison page and CSV runs the same number of queries at 25 and 500 organisations."""

import re

import pytest
from django.urls import reverse

from tests.submissions.fixtures_compare import seed_sharers

pytestmark = pytest.mark.django_db


# Session, user (with whether they hold any permissions: a lead holds none, so asking costs
# nothing more; and with their memberships), and the data versions (read with the demo-data
# notice), then what the page reads for this viewer (their own rows); on the first request
# also what every viewer shares, which later requests read from the cache. Before the data
# version, the pins were compare (10, 7), profile (11, 8), profile_csv (10, 7), trend (10, 9),
# trend_csv (9, 8), section_compare (9, 7), section_compare_csv (8, 6) and section_leaders
# (8, 4). The section pages also list the section's guidance (one query, from guidance's tag,
# cached under the guidance version); who did this well lists the section's good practice
# (the sections it continues and the entries: two queries, and one for their sections when
# there are any; cached under the guidance version); the profile asks guidance's tag which of
# the organisation's answers matched others' (its answers, on the first request; then from
# the cache under the edition's version). A profile reads which editions the organisation has
# and how each is shared (cached under the lists' version), then the submission only where
# its rendering or figures are not cached (its CSV reads it and its scores every time). A
# trend reads the organisation with its submissions, in one query.
PINNED = {
    "submissions:compare": (6, 4),
    "submissions:profile": (10, 3),
    "submissions:profile_csv": (9, 5),
    "submissions:trend": (6, 4),
    "submissions:trend_csv": (6, 5),
    "submissions:section_compare": (6, 3),
    "submissions:section_compare_csv": (5, 3),
    "submissions:section_leaders": (10, 3),
}


def kwargs_for(name, organisation):
    if name == "submissions:compare":
        return {}
    if name.startswith("submissions:profile"):
        return {"slug": organisation.slug, "year": 2019}
    if name.startswith("submissions:trend"):
        return {"slug": organisation.slug}
    return {"year": 2019, "number": 2}


@pytest.mark.parametrize("size", [25, 500])
@pytest.mark.parametrize("name", list(PINNED))
def test_query_count_does_not_grow_with_organisations(
    name, size, client, lead, organisation, shared_submission, django_assert_num_queries
):
    seed_sharers(shared_submission.edition, size)
    client.force_login(lead)
    url = reverse(name, kwargs=kwargs_for(name, organisation))
    first, cached = PINNED[name]
    with django_assert_num_queries(first):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(cached):
        again = client.get(url)
    assert without_nonces(again.content) == without_nonces(response.content)


def without_nonces(content):
    """The page without what changes on every request: CSP nonces and CSRF tokens."""
    return re.sub(rb'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"', b"", content)


@pytest.mark.parametrize("sort", ["organisation-asc", "organisation-desc", "score-asc"])
def test_sorting_the_section_table_reads_nothing_more(
    sort, client, lead, organisation, shared_submission, django_assert_num_queries
):
    seed_sharers(shared_submission.edition, 60)
    client.force_login(lead)
    url = reverse("submissions:section_compare", kwargs={"year": 2019, "number": 2})
    first, cached = PINNED["submissions:section_compare"]
    with django_assert_num_queries(first):
        client.get(url, {"sort": sort})
    with django_assert_num_queries(cached):
        again = client.get(url, {"sort": sort})
    # Each order is cached once: the default order, drawn next, reads only what is per viewer.
    with django_assert_num_queries(cached):
        client.get(url)
    assert again.status_code == 200
