"""Fixtures shared by every test: one person per role, and a signed-in browser."""

import os

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models import Q

import guidance.roles
import networks.roles
import submissions.roles
from networks.models import Membership
from networks.roles import PROJECT_TEAM_GROUP
from tests.networks.factories import (
    PASSWORD,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)

pytest_plugins = [
    "tests.networks.fixtures",
    "tests.submissions.fixtures",
    "tests.submissions.fixtures_entry",
    "tests.submissions.fixtures_imports",
    "tests.submissions.fixtures_compare",
    "tests.guidance.fixtures",
    "tests.guidance.fixtures_answers",
]

PROJECT_TEAM_PERMISSIONS = (
    networks.roles.PROJECT_TEAM_PERMISSIONS
    | submissions.roles.PROJECT_TEAM_PERMISSIONS
    | guidance.roles.PROJECT_TEAM_PERMISSIONS
)

# The sync Playwright API runs an event loop in the test thread; Django's ORM must be
# allowed to run there for browser tests that also touch the database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, as a flushed database starts the data version
    again."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Department for Testing", acronym="DfT-T")


@pytest.fixture
def network(organisation):
    return NetworkFactory(organisation=organisation, name="Testing Pride", slug="testing-pride")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Office for Other Things", acronym="OOT")


@pytest.fixture
def other_network(other_organisation):
    return NetworkFactory(organisation=other_organisation, name="Other Spectrum")


@pytest.fixture
def member(network):
    user = UserFactory(email="member@example.gov.uk")
    MembershipFactory(user=user, network=network, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def lead(network):
    user = UserFactory(email="lead@example.gov.uk")
    MembershipFactory(user=user, network=network, role=Membership.Role.LEAD)
    return user


@pytest.fixture
def other_lead(other_network):
    user = UserFactory(email="other.lead@example.gov.uk")
    MembershipFactory(user=user, network=other_network, role=Membership.Role.LEAD)
    return user


@pytest.fixture
def project_team(db):
    return UserFactory(email="project.team@example.gov.uk", project_team=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.gov.uk", is_staff=True, is_superuser=True)


@pytest.fixture
def people(member, lead, other_lead, project_team, admin_user):
    """Every role, keyed as in ROLES (anonymous is None)."""
    return {
        "anonymous": None,
        "member": member,
        "lead": lead,
        "other_lead": other_lead,
        "project_team": project_team,
        "admin": admin_user,
    }


@pytest.fixture
def password():
    return PASSWORD


# Browser tests use Debian's Chromium; Playwright never downloads a browser of its own.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_page(page, live_server):
    """A Playwright page against the live test server; fails on any console error."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.set_default_timeout(10_000)
    yield page
    assert not errors, f"Console errors: {errors}"


def flushes_database(item):
    """Whether the test commits, so that the database is flushed after it."""
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return (
        "live_server" in names
        or "transactional_db" in names
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run tests that flush the database after every other test, as Django's runner does.

    pytest-django orders them last, but pytest then regroups tests by the browser fixture's
    session-scoped parameter, which can pull browser tests forward; their flush at the end
    would remove the roles that data migrations created for the tests after them.
    """
    items.sort(key=flushes_database)


@pytest.fixture(autouse=True)
def project_team_group_after_flush(request):
    """A test that flushes the database starts with the project team group as the migrations
    made it: the flush after the test before removed the group, though not the permissions."""
    if not flushes_database(request.node):
        return
    request.getfixturevalue("transactional_db")
    query = Q(pk__in=[])
    for dotted in PROJECT_TEAM_PERMISSIONS:
        app_label, codename = dotted.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    group, _ = Group.objects.get_or_create(name=PROJECT_TEAM_GROUP)
    group.permissions.set(Permission.objects.filter(query))
