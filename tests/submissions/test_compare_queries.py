"""Every comparison page and CSV runs the same number of queries at 25 and 500 organisations."""

import pytest
from django.urls import reverse

from tests.submissions.fixtures_compare import seed_sharers

pytestmark = pytest.mark.django_db

# Session, user, memberships, the demo-data notice, then the selector's own queries.
PINNED = {
    "submissions:compare": 8,
    "submissions:profile": 10,
    "submissions:profile_csv": 9,
    "submissions:trend": 9,
    "submissions:trend_csv": 8,
    "submissions:section_compare": 7,
    "submissions:section_compare_csv": 6,
    "submissions:section_leaders": 7,
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
    with django_assert_num_queries(PINNED[name]):
        response = client.get(url)
    assert response.status_code == 200
