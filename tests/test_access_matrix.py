import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import ROLES
from tests.guidance.access_rows import ROWS as GUIDANCE_ROWS
from tests.networks.access_rows import ROWS as NETWORKS_ROWS
from tests.submissions.access_rows import ROWS as SUBMISSIONS_ROWS
from tests.weiportal.access_rows import ROWS as WEIPORTAL_ROWS

ROWS = WEIPORTAL_ROWS + NETWORKS_ROWS + SUBMISSIONS_ROWS + GUIDANCE_ROWS
# The Django admin guards itself; it is tested through its own login in test_admin.
EXCLUDED_NAMESPACES = {"admin"}


def named_urls(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner in EXCLUDED_NAMESPACES:
                continue
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from named_urls(pattern, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_named_url_has_a_row():
    missing = set(named_urls()) - {row.name for row in ROWS}
    assert not missing, f"URLs without an access-matrix row: {sorted(missing)}"


def test_no_row_names_a_url_that_does_not_exist():
    stale = {row.name for row in ROWS} - set(named_urls())
    assert not stale, f"Access-matrix rows for URLs that do not exist: {sorted(stale)}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_access(row, role, client, people, request):
    user = people[role]
    if user is not None:
        client.force_login(user)
    url = reverse(row.name, kwargs=row.kwargs(request.getfixturevalue))
    if row.query:
        url = f"{url}?{row.query}"
    send = getattr(client, row.method)
    response = send(url, data=row.data(request.getfixturevalue))
    assert response.status_code == row.expected[role], (
        f"{role} {row.method.upper()} {url}: expected {row.expected[role]}, "
        f"got {response.status_code}"
    )
