"""A network lead browses the directory and manages their network in headless Chromium.
Every page visited is checked with axe."""

import pytest
from playwright.sync_api import expect

from networks.models import Membership
from tests.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = " – WEI good-practice portal"


def test_lead_browses_the_directory_and_manages_members(
    browser_page, live_server, lead, member, network, other_network, password
):
    page = browser_page
    sign_in(page, live_server, "lead@example.gov.uk", password)
    expect(page).to_have_title(f"Dashboard{TITLE}")
    assert_accessible(page)

    page.get_by_role("link", name="Organisations").first.click()
    expect(page).to_have_title(f"Organisations{TITLE}")
    expect(page.locator("caption")).to_contain_text("2 organisations")
    assert_accessible(page)

    page.get_by_label("Name or acronym").fill("OOT")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("caption")).to_contain_text("1 organisation")
    assert_accessible(page)

    page.goto(f"{live_server.url}/organisations/?type=secret_service")
    expect(page).to_have_title(f"Error: Organisations{TITLE}")
    assert_accessible(page)

    page.get_by_role("link", name="Clear filters").first.click()
    page.get_by_role("link", name="Department for Testing").click()
    expect(page).to_have_title(f"Department for Testing{TITLE}")
    assert_accessible(page)

    page.get_by_role("link", name="Testing Pride").click()
    expect(page).to_have_title(f"Testing Pride, DfT-T{TITLE}")
    expect(page.locator("main")).to_contain_text(member.email)
    assert_accessible(page)

    page.get_by_role("link", name="Edit the description and contact").click()
    expect(page).to_have_title(f"Edit Testing Pride{TITLE}")
    assert_accessible(page)
    page.get_by_label("Contact email address").fill("not an email")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_title(f"Error: Edit Testing Pride{TITLE}")
    assert_accessible(page)
    page.get_by_label("Contact email address").fill("pride@example.gov.uk")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been updated")
    assert_accessible(page)

    page.get_by_role("link", name="Add a member").click()
    expect(page).to_have_title(f"Add a member to Testing Pride{TITLE}")
    assert_accessible(page)
    page.get_by_label("Email address").fill("member@example.gov.uk")
    page.get_by_role("button", name="Add member").click()
    expect(page).to_have_title(f"Error: Add a member to Testing Pride{TITLE}")
    expect(page.locator(".govuk-error-summary")).to_contain_text("is already a member")
    assert_accessible(page)
    page.get_by_label("Email address").fill("new.colleague@example.gov.uk")
    page.get_by_label("Full name (optional)").fill("New Colleague")
    page.get_by_role("button", name="Add member").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "new.colleague@example.gov.uk has been added to Testing Pride"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Change role of new.colleague@example.gov.uk").click()
    expect(page).to_have_title(f"Change the role of New Colleague{TITLE}")
    assert_accessible(page)
    page.get_by_label("Network lead").check()
    page.get_by_role("button", name="Save role").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is now a network lead")

    page.get_by_role("link", name=f"Remove {member.email}").click()
    expect(page.locator("h1")).to_contain_text("Are you sure you want to remove")
    assert_accessible(page)
    page.get_by_role("button", name="Remove member").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been removed")
    assert_accessible(page)
    assert not Membership.objects.filter(user=member, network=network).exists()
    assert Membership.objects.get(user__email="new.colleague@example.gov.uk").role == "lead"


def test_lead_cannot_manage_someone_elses_network(
    page, live_server, lead, other_network, password
):
    # The plain page fixture: the 404 response itself is logged as a console error.
    sign_in(page, live_server, "lead@example.gov.uk", password)
    expect(page).to_have_title(f"Dashboard{TITLE}")
    page.goto(f"{live_server.url}{other_network.get_absolute_url()}")
    expect(page).to_have_title(f"Other Spectrum, OOT{TITLE}")
    expect(page.get_by_role("link", name="Add a member")).to_have_count(0)
    assert_accessible(page)
    response = page.goto(f"{live_server.url}{other_network.get_absolute_url()}members/add/")
    assert response.status == 404
    expect(page).to_have_title(f"Page not found{TITLE}")
    assert_accessible(page)


def test_managing_members_works_without_javascript(
    browser, live_server, lead, member, network, password
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "lead@example.gov.uk", password, check_accessibility=False)
    page.goto(f"{live_server.url}{network.get_absolute_url()}")
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Email address").fill("no.script@example.gov.uk")
    page.get_by_role("button", name="Add member").click()
    assert "has been added" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("link", name="Remove no.script@example.gov.uk").click()
    page.get_by_role("button", name="Remove member").click()
    assert "has been removed" in page.locator(".govuk-notification-banner").inner_text()
    assert not network.memberships.filter(user__email="no.script@example.gov.uk").exists()
    context.close()
