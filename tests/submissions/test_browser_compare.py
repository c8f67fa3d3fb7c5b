"""A network lead compares their results in headless Chromium; every page is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, sign_in
from tests.submissions.fixtures_compare import seed_sharers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_compares_profile_section_trend_and_finds_who_did_well(
    browser_page, live_server, lead, password, shared_submission
):
    seed_sharers(shared_submission.edition, 12)
    page = browser_page
    sign_in(page, live_server, "lead@example.gov.uk", password)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Compare").click()
    expect(page).to_have_title("Compare results – WEI good-practice portal")
    assert_accessible(page)

    page.get_by_role("link", name="Profile of Department for Testing in 2019").click()
    expect(page).to_have_title("Department for Testing: 2019 profile – WEI good-practice portal")
    expect(page.locator("svg.portal-chart")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Sections against the averages")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    csv_text = download_info.value.path().read_text()
    assert csv_text.startswith("section_number,section,maximum,score,percentage")

    page.get_by_role("link", name="All organisations in Section 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Section 1: all organisations")
    expect(page.locator("main")).to_contain_text("Organisation A")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    assert "Organisation A" in download_info.value.path().read_text()

    page.get_by_role("link", name="Who did this well in Section 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who did this well: Section 1")
    expect(page.locator("main")).to_contain_text("Seeded Body")
    assert_accessible(page)
    page.locator("main").get_by_role("link", name=re.compile(r"Pride$")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pride")
    assert_accessible(page)

    page.go_back()
    page.go_back()
    page.go_back()
    page.get_by_role("link", name="Department for Testing across the years (trend)").click()
    expect(page).to_have_title("Department for Testing: trend – WEI good-practice portal")
    expect(page.locator("svg.portal-chart")).to_be_visible()
    assert_accessible(page)
