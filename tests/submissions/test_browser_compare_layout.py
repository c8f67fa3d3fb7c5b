"""Comparison pages at 320 and 1280 px: no sideways page scroll, tables that fit or scroll in
a captioned, focusable region, and charts whose text stays legible."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from submissions.models import Submission
from tests.browser import assert_accessible, sign_in
from tests.submissions.factories import edition_with_sections
from tests.submissions.fixtures_compare import add_submission, seed_sharers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the page shows of each table and chart: the page's and each region's widths, each
# table's region and caption, and each chart's rendered scale (drawn size over its own).
MEASURE = """() => {
  const regions = [...document.querySelectorAll("main table")].map((table) => {
    const region = table.closest("[role=region]");
    const caption = table.querySelector("caption");
    return {
      region: !!region,
      focusable: !!region && region.tabIndex === 0,
      labelled: !!region && !!caption && region.getAttribute("aria-labelledby") === caption.id,
      // A pixel for visually hidden text at the far edge.
      fits: !!region && region.scrollWidth <= region.clientWidth + 1,
      scrollable: !!region && getComputedStyle(region).overflowX === "auto",
    };
  });
  const charts = [...document.querySelectorAll("main svg.portal-chart")].map(
    (svg) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
  );
  return {
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
    regions: regions,
    charts: charts,
  };
}"""


@pytest.fixture
def wide_trend(organisation, shared_submission):
    """Named submissions in eight editions, so the trend table has nine columns."""
    for year in (2015, 2016, 2017, 2018, 2020, 2022, 2023, 2024):
        edition = edition_with_sections(year=year)
        add_submission(organisation, edition, Submission.Sharing.NAMED, ["10", "15", "25"])


@pytest.mark.parametrize("width", [320, 1280])
def test_comparison_pages_do_not_scroll_sideways_and_keep_charts_legible(
    browser_page, live_server, lead, password, organisation, shared_submission, wide_trend, width
):
    seed_sharers(shared_submission.edition, 12)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "lead@example.gov.uk", password, check_accessibility=False)
    for path in (
        reverse("submissions:profile", kwargs={"slug": organisation.slug, "year": 2019}),
        reverse("submissions:section_compare", kwargs={"year": 2019, "number": 1}),
        reverse("submissions:trend", kwargs={"slug": organisation.slug}),
    ):
        page.goto(f"{live_server.url}{path}")
        shown = page.evaluate(MEASURE)
        assert shown["page"] <= shown["viewport"], (path, shown)
        assert shown["regions"], path
        for region in shown["regions"]:
            assert region["region"] and region["focusable"] and region["labelled"], (path, region)
            assert region["fits"] or region["scrollable"], (path, region)
        # 11 px labels stay at least 10 px high.
        assert shown["charts"], path
        assert min(shown["charts"]) >= 10 / 11, (path, shown["charts"])
        if width == 1280:
            # The tables fit a desktop screen whole: nothing is cut off at the right.
            assert all(region["fits"] for region in shown["regions"]), (path, shown)
        assert_accessible(page)
    # The section table sorts by organisation with a link in its heading.
    page.goto(f"{live_server.url}{reverse('submissions:section_compare', args=[2019, 1])}")
    heading = page.get_by_role("columnheader", name="Organisation")
    heading.get_by_role("link").click()
    expect(page.get_by_role("columnheader", name="Organisation")).to_have_attribute(
        "aria-sort", "ascending"
    )
    expect(page.get_by_role("columnheader", name="Score")).to_have_attribute("aria-sort", "none")
    assert page.evaluate(MEASURE)["page"] <= width
    assert_accessible(page)
