"""What every request costs before the page's own work: the session, the person, one cheap
read of the data version (the demonstration notice comes from the cache), and, where a page
asks what the person may do, their memberships once."""

import pytest
from django.conf import settings
from django.urls import reverse

from networks.models import DemoDataRecord
from networks.services import data_version_bump
from tests.submissions.fixtures_compare import seed_sharers

TRIVIAL = "/accessibility/"


def sql_of(queries):
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("signed_in", [False, True])
def test_trivial_page_reads_session_person_and_the_data_version_alone(
    client, member, django_assert_num_queries, signed_in
):
    DemoDataRecord.objects.create()
    data_version_bump()
    if signed_in:
        client.force_login(member)
    client.get(TRIVIAL)
    with django_assert_num_queries(3 if signed_in else 1) as queries:
        response = client.get(TRIVIAL)
    assert "demonstration data" in response.text
    version_read = sql_of(queries)[-1]
    assert "networks_dataversion" in version_read
    assert "EXISTS" not in version_read.upper()
    assert not any("networks_demodatarecord" in sql for sql in sql_of(queries))


def test_demo_notice_follows_the_data_version(client, admin_user):
    record = DemoDataRecord.objects.create()
    data_version_bump()
    assert "demonstration data" in client.get(TRIVIAL).text
    client.force_login(admin_user)
    delete = reverse("admin:networks_demodatarecord_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not DemoDataRecord.objects.exists()
    assert "demonstration data" not in client.get(TRIVIAL).text


def test_comparison_page_reads_memberships_with_the_person(
    client, lead, organisation, shared_submission, django_assert_num_queries
):
    seed_sharers(shared_submission.edition, 25)
    client.force_login(lead)
    url = reverse("submissions:compare")
    client.get(url)
    # Session, person (holding no permissions, as its query says, and their memberships),
    # data versions, the viewer's own submissions.
    with django_assert_num_queries(4) as queries:
        assert client.get(url).status_code == 200
    memberships = [sql for sql in sql_of(queries) if "networks_membership" in sql]
    assert len(memberships) == 1
    assert 'FROM "networks_user"' in memberships[0]
    assert "ORDER BY" not in memberships[0]


def test_cache_has_room_for_every_comparison_fragment_at_national_scale():
    # About 21,000 entries per data version at 500 organisations over 10 editions.
    default = settings.CACHES["default"]
    assert default["BACKEND"] != "django.core.cache.backends.dummy.DummyCache"
    if default["BACKEND"].endswith("LocMemCache"):
        assert default["OPTIONS"]["MAX_ENTRIES"] >= 21_000
