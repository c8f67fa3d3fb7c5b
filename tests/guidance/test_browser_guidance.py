"""The good-practice journey in headless Chromium, every page checked with axe."""

import pytest
from playwright.sync_api import expect

from guidance.models import GoodPracticeEntry
from networks.models import Membership
from tests.browser import assert_accessible, sign_in
from tests.guidance.factories import PDF_BYTES
from tests.networks.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "lanyards at every regional office"


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    assert page.title().startswith("Share what works")


def test_draft_publish_find_mark_helpful_and_download(
    browser_page, live_server, member, lead, other_network, section, password
):
    page = browser_page
    reader = UserFactory(email="reader@example.gov.uk")
    MembershipFactory(user=reader, network=other_network, role=Membership.Role.MEMBER)

    # A member drafts an entry with an attachment; a missing title is caught first.
    sign_in(page, live_server, "member@example.gov.uk", password)
    page.goto(f"{live_server.url}/good-practice/")
    expect(page).to_have_title("Good practice – WEI good-practice portal")
    assert_accessible(page)
    page.get_by_role("link", name="Share good practice").click()
    expect(page).to_have_title("Share good practice – WEI good-practice portal")
    assert_accessible(page)
    page.get_by_label("Summary").fill("Allies wear a rainbow lanyard and run drop-ins.")
    page.get_by_label("What you did and why it worked").fill(
        f"## What we did\n\nWe handed out {PHRASE} and ran a monthly drop-in."
    )
    page.get_by_label("4. Allies and Role Models (2018–2020)").check()
    page.get_by_label("Attachments").set_input_files(
        [{"name": "evaluation.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Save as draft").click()
    expect(page).to_have_title("Error: Share good practice – WEI good-practice portal")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    assert_accessible(page)
    page.get_by_label("Title").fill("Lanyards for visible allies")
    page.get_by_label("Attachments").set_input_files(
        [{"name": "evaluation.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Save as draft").click()
    expect(page).to_have_title("Lanyards for visible allies – WEI good-practice portal")
    expect(page.locator("main")).to_contain_text("Draft")
    assert_accessible(page)
    sign_out(page)

    # Their lead publishes it.
    sign_in(page, live_server, "lead@example.gov.uk", password)
    page.goto(f"{live_server.url}/good-practice/")
    assert_accessible(page)
    page.get_by_role("link", name="Lanyards for visible allies").click()
    assert_accessible(page)
    page.get_by_role("link", name="Publish").click()
    expect(page).to_have_title("Publish this entry – WEI good-practice portal")
    assert_accessible(page)
    page.get_by_role("button", name="Publish entry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Entry published")
    assert_accessible(page)
    assert GoodPracticeEntry.objects.get().status == GoodPracticeEntry.Status.PUBLISHED
    sign_out(page)

    # A member of another network finds it by a phrase and by the section filter.
    sign_in(page, live_server, "reader@example.gov.uk", password)
    page.goto(f"{live_server.url}/good-practice/")
    page.get_by_label("Search good practice").fill(PHRASE)
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_title(
        f"Search results for “{PHRASE}” – Good practice – WEI good-practice portal"
    )
    results = page.locator(".portal-results")
    expect(results).to_contain_text("Lanyards for visible allies")
    expect(page.locator(".portal-excerpt mark").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Section").select_option(label="2018–2020: 4. Allies and Role Models")
    page.get_by_role("button", name="Apply").click()
    expect(results).to_contain_text("Lanyards for visible allies")
    assert_accessible(page)

    # Marks it helpful and downloads the attachment.
    page.get_by_role("link", name="Lanyards for visible allies").click()
    assert_accessible(page)
    page.get_by_role("button", name="This helped me").click()
    expect(page.locator("#helpful-count")).to_have_text("Found helpful by 1 person.")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="evaluation.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "evaluation.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == PDF_BYTES

    # The section's own page lists it too.
    page.get_by_role("link", name="4. Allies and Role Models").click()
    expect(page.locator("main")).to_contain_text("Lanyards for visible allies")
    assert_accessible(page)


def test_feed_page_and_withdrawal_are_accessible(
    browser_page, live_server, lead, published_entry, password
):
    page = browser_page
    sign_in(page, live_server, "lead@example.gov.uk", password)
    page.goto(f"{live_server.url}/good-practice/feed/")
    expect(page).to_have_title("Follow new good practice – WEI good-practice portal")
    assert_accessible(page)
    page.get_by_role("button", name="Reset feed address").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("reset")
    assert_accessible(page)
    page.goto(f"{live_server.url}{published_entry.get_absolute_url()}")
    page.get_by_role("link", name="Withdraw").click()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw entry").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are withdrawing the entry"
    )
    assert_accessible(page)
    page.get_by_label("Why are you withdrawing it?").fill("It names a colleague.")
    page.get_by_role("button", name="Withdraw entry").click()
    expect(page.locator("main")).to_contain_text("This entry was withdrawn")
    assert_accessible(page)
