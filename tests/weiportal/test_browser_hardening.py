"""The refusals a person may meet, in headless Chromium: an edit that someone else saved
first, a sign-in locked after too many attempts, and a change waiting for a lead. Every
page visited is checked with axe."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = " – WEI good-practice portal"


def test_a_section_saved_by_someone_else_meanwhile_is_shown_not_overwritten(
    browser_page, live_server, lead, submission, password
):
    page = browser_page
    sign_in(page, live_server, lead.email, password)
    address = f"{live_server.url}/submissions/{submission.pk}/sections/1/"
    page.goto(address)
    other = page.context.new_page()
    other.goto(address)
    other.get_by_label("Score").fill("12")
    other.get_by_label("Stonewall's comment").fill("Their comment")
    other.get_by_label("Yes, I've completed this section").check()
    other.get_by_role("button", name="Save and continue").click()
    expect(other.locator(".govuk-notification-banner")).to_contain_text("has been saved")
    other.close()

    page.get_by_label("Score").fill("7")
    page.get_by_label("Stonewall's comment").fill("My comment")
    page.get_by_label("No, I'll come back later").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(f"Error: 1. Section 1{TITLE}")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "This was changed by someone else since you opened it"
    )
    expect(page.locator("#edit-conflict")).to_contain_text("Their comment")
    expect(page.get_by_label("Stonewall's comment")).to_have_value("My comment")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved")


def test_too_many_attempts_show_the_lockout_page(page, live_server, member, password):
    # Not browser_page: Chromium logs every 429 answer as a console error.
    page.set_default_timeout(10_000)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, live_server, member.email, "wrong-guess", check_accessibility=False)
    sign_in(page, live_server, member.email, password, check_accessibility=False)
    expect(page).to_have_title(f"Too many attempts to sign in{TITLE}")
    expect(page.locator("main")).to_contain_text("try again in 30 minutes")
    assert_accessible(page)


def test_a_change_waiting_for_a_lead_is_shown_to_the_network(
    browser_page, live_server, member, published_entry, password
):
    page = browser_page
    sign_in(page, live_server, member.email, password)
    page.goto(f"{live_server.url}/good-practice/{published_entry.pk}/edit/")
    assert_accessible(page)
    page.get_by_label("Title").fill("Visible allies, two years on")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your change is waiting for a lead"
    )
    expect(page.locator("h1")).to_have_text("Visible allies in every team")
    page.get_by_text("The entry as changed").click()
    expect(page.locator("#entry-change")).to_contain_text("Visible allies, two years on")
    assert_accessible(page)
