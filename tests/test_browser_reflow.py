"""At 320 px wide no page scrolls sideways (WCAG 1.4.10, reflow): wide tables scroll inside
their own captioned region instead. Every page is checked with axe too.

The comparison pages (profile, section, trend) are checked in
tests/submissions/test_browser_compare.py.
"""

import datetime

import pytest
from django.urls import reverse

from networks.models import Membership
from submissions.models import Recommendation
from tests.browser import assert_accessible, sign_in
from tests.guidance.factories import PublishedEntryFactory
from tests.networks.factories import MembershipFactory, UserFactory
from tests.submissions.factories import (
    RecommendationFactory,
    SectionResultFactory,
    SubmissionFactory,
    edition_with_sections,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 720}
LONG = "Publish the transitioning-at-work policy where every line manager will find it, " * 3


def overflow(page):
    """How many pixels the page is wider than the window (0: no sideways scroll)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def visit_all(page, live_server, paths):
    """Visit each path; every page must fit 320 px and pass axe. Fails once, naming all."""
    wide = {}
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status in (200, 404), f"{path}: {response.status}"
        extra = overflow(page)
        if extra > 0:
            wide[path] = extra
        assert_accessible(page)
    assert not wide, f"Pages wider than 320 px (extra pixels): {wide}"


@pytest.fixture
def narrow_page(browser, live_server):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def recorded(organisation, network, lead, member, section):
    """The lead's organisation with two years of submissions, long recommendations (one
    carried forward) and a published good-practice entry."""
    organisation.name = "Crown Office & Procurator Fiscal Service for Testing"
    organisation.save()
    edition = edition_with_sections(year=2019)
    later = edition_with_sections(year=2020, criteria_round=edition.criteria_round)
    submission = SubmissionFactory(organisation=organisation, edition=edition)
    newer = SubmissionFactory(organisation=organisation, edition=later)
    for number, result_section in enumerate(edition.criteria_round.sections.all()):
        SectionResultFactory(
            submission=submission, section=result_section, owner="hr", completed=number > 0
        )
    for number in range(3):
        action = RecommendationFactory(
            submission=submission,
            section=edition.criteria_round.sections.first() if number else None,
            text=LONG,
            action_owner="Head of diversity, inclusion and wellbeing",
            due_date=datetime.date(2020, 1, 1),
            status=Recommendation.Status.OPEN,
        )
    action.carried_into.add(newer)
    for number in range(4):
        MembershipFactory(
            user=UserFactory(email=f"a.very.long.member.name.{number}@department.example.gov.uk"),
            network=network,
            role=Membership.Role.MEMBER,
        )
    entry = PublishedEntryFactory(network=network, author=member, body="## What we did\n\nText")
    entry.sections.set([section])
    return {"submission": submission, "newer": newer, "entry": entry}


def test_lead_pages_fit_320_pixels(narrow_page, live_server, lead, network, recorded, password):
    submission = recorded["submission"]
    pk = {"pk": submission.pk}
    organisation = submission.organisation
    recommendation = submission.recommendations.first()
    sign_in(narrow_page, live_server, "lead@example.gov.uk", password)
    visit_all(
        narrow_page,
        live_server,
        [
            reverse("dashboard"),
            reverse("networks:organisation_list"),
            reverse("networks:organisation_detail", kwargs={"slug": organisation.slug}),
            reverse("networks:network_detail", kwargs={"slug": network.slug}),
            reverse("networks:network_edit", kwargs={"slug": network.slug}),
            reverse("networks:member_add", kwargs={"slug": network.slug}),
            reverse("submissions:list"),
            reverse("submissions:create"),
            reverse("submissions:detail", kwargs=pk),
            reverse("submissions:detail", kwargs={"pk": recorded["newer"].pk}),
            reverse("submissions:about", kwargs=pk),
            reverse("submissions:section", kwargs={**pk, "number": 1}),
            reverse("submissions:check", kwargs=pk),
            reverse("submissions:sharing", kwargs=pk),
            reverse("submissions:history", kwargs=pk),
            reverse("submissions:recommendation_add", kwargs=pk),
            reverse(
                "submissions:recommendation_edit",
                kwargs={**pk, "recommendation_pk": recommendation.pk},
            ),
            reverse("submissions:actions", kwargs={"slug": organisation.slug}),
            reverse("submissions:edition", kwargs={"year": submission.edition.year}),
            reverse("submissions:import"),
            reverse("guidance:entry_list"),
            reverse("guidance:entry_detail", kwargs={"pk": recorded["entry"].pk}),
            reverse("guidance:entry_create"),
            reverse("guidance:document_list"),
            reverse("account"),
            reverse("password_change"),
        ],
    )


def test_project_team_pages_fit_320_pixels(
    narrow_page, live_server, project_team, recorded, published_document, password
):
    sign_in(narrow_page, live_server, "project.team@example.gov.uk", password)
    visit_all(
        narrow_page,
        live_server,
        [
            reverse("dashboard"),
            reverse("submissions:list"),
            reverse("submissions:list") + "?sort=organisation",
            reverse("guidance:document_list"),
            published_document.get_absolute_url(),
            reverse("guidance:review_list"),
        ],
    )


def test_public_pages_fit_320_pixels(narrow_page, live_server, db):
    visit_all(
        narrow_page,
        live_server,
        [
            reverse("start"),
            reverse("login"),
            reverse("password_reset"),
            reverse("accessibility"),
            reverse("privacy"),
            reverse("cookies"),
            reverse("contact"),
            "/no-such-page/",
        ],
    )
