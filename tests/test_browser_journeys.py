"""Journeys through the foundation pages in headless Chromium, each page checked with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_see_dashboard_sign_out(browser_page, live_server, member, password):
    page = browser_page
    page.goto(live_server.url)
    assert page.title().startswith("Share what works")
    assert_accessible(page)
    sign_in(page, live_server, "member@example.gov.uk", password)
    expect(page).to_have_title("Dashboard – WEI good-practice portal")
    expect(page.locator("main")).to_contain_text("Testing Pride")
    assert_accessible(page)
    page.get_by_role("link", name="Your account").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    assert page.title().startswith("Share what works")
    assert_accessible(page)


def test_wrong_password_shows_an_accessible_error_summary(browser_page, live_server, member):
    page = browser_page
    sign_in(page, live_server, "member@example.gov.uk", "wrong-password")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct email address and password" in summary.inner_text()
    assert page.title().startswith("Error: Sign in")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/accessibility/", "/cookies/", "/privacy/", "/password-reset/"])
def test_public_pages_are_accessible(browser_page, live_server, path):
    browser_page.goto(f"{live_server.url}{path}")
    assert_accessible(browser_page)


def test_not_found_page_is_accessible(page, live_server):
    response = page.goto(f"{live_server.url}/missing/")
    assert response.status == 404
    assert page.title() == "Page not found – WEI good-practice portal"
    assert_accessible(page)


def test_pages_work_without_javascript(browser, live_server, member, password):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "member@example.gov.uk", password, check_accessibility=False)
    assert page.title() == "Dashboard – WEI good-practice portal"
    page.get_by_role("button", name="Sign out").click()
    assert page.title().startswith("Share what works")
    context.close()
