"""A network lead records a full submission through the task list in headless Chromium.
Every page visited is checked with axe."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from submissions.models import Recommendation, Submission
from tests.browser import assert_accessible, sign_in
from tests.submissions.factories import SubmissionFactory, edition_with_sections

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = " – WEI good-practice portal"


def test_lead_records_a_full_submission_through_the_task_list(
    browser_page, live_server, lead, organisation, password
):
    edition = edition_with_sections(year=2019)
    edition_with_sections(year=2020, criteria_round=edition.criteria_round)
    page = browser_page
    sign_in(page, live_server, "lead@example.gov.uk", password)
    assert_accessible(page)

    page.get_by_role("link", name="Submissions").first.click()
    expect(page).to_have_title(f"Submissions{TITLE}")
    assert_accessible(page)

    page.get_by_role("link", name="Start a submission").click()
    expect(page).to_have_title(f"Start a submission{TITLE}")
    assert_accessible(page)
    page.get_by_label("Index").select_option(label="2019 index")
    page.get_by_role("button", name="Start submission").click()
    expect(page).to_have_title(f"DfT-T, 2019 index{TITLE}")
    expect(page.locator(".govuk-task-list")).to_contain_text("Not started")
    assert_accessible(page)

    page.get_by_role("link", name="About the 2019 index").click()
    expect(page).to_have_title(f"2019 index{TITLE}")
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="About the result").click()
    expect(page).to_have_title(f"About the result{TITLE}")
    assert_accessible(page)
    page.get_by_label("Total score").fill("80.123")
    page.get_by_label("Overall rank").fill("0")
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_title(f"Error: About the result{TITLE}")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a total score with no more than 2 decimal places")
    expect(summary).to_contain_text("Enter a rank between 1 and 445")
    assert_accessible(page)
    page.get_by_label("Total score").fill("80.5")
    page.get_by_label("Overall rank").fill("57")
    page.get_by_label("Sector rank").fill("4")
    page.get_by_label("Entrants in the sector").fill("29")
    page.get_by_label("Top 100", exact=True).check()
    page.get_by_label("Day").fill("7")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2018")
    page.get_by_label("Stonewall's overall feedback").fill("A strong entry.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved")
    assert_accessible(page)

    for number, score in [(1, "18"), (2, "25.5"), (3, "37")]:
        page.get_by_role("link", name=f"{number}. Section {number}").click()
        expect(page).to_have_title(f"{number}. Section {number}{TITLE}")
        assert_accessible(page)
        if number == 1:
            page.get_by_label("Score", exact=True).fill("21")
            page.get_by_role("button", name="Save and continue").click()
            expect(page).to_have_title(f"Error: 1. Section 1{TITLE}")
            expect(page.locator(".govuk-error-summary")).to_contain_text(
                "Enter a score between 0 and 20"
            )
            assert_accessible(page)
        page.get_by_label("Score", exact=True).fill(score)
        page.get_by_label("Stonewall's comment").fill(f"Comment on section {number}")
        page.get_by_label("Staff network").check()
        page.get_by_label("Yes, I've completed this section").check()
        page.get_by_role("button", name="Save and continue").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved")
        assert_accessible(page)

    expect(page.locator(".govuk-task-list")).not_to_contain_text("Not started")
    page.get_by_role("link", name="Check your answers").click()
    expect(page).to_have_title(f"Check your answers{TITLE}")
    expect(page.locator("main")).to_contain_text("25.50 out of 30")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked complete")
    assert_accessible(page)

    page.get_by_role("link", name="Change sharing level").click()
    expect(page).to_have_title(f"Sharing level{TITLE}")
    assert_accessible(page)
    page.get_by_label("Shared anonymously").check()
    page.get_by_role("button", name="Save sharing level").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("shared anonymously")
    assert_accessible(page)

    page.get_by_role("link", name="Add a recommendation").click()
    expect(page).to_have_title(f"Add a recommendation{TITLE}")
    assert_accessible(page)
    page.get_by_label("Recommendation", exact=True).fill("Start an allies programme.")
    page.get_by_label("Section (optional)").select_option(label="2. Section 2")
    page.get_by_label("Action owner (optional)").fill("Network chair")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2020")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save recommendation").click()
    expect(page.locator("main table")).to_contain_text("Start an allies programme.")
    assert_accessible(page)

    page.get_by_role("link", name="See all of DfT-T's actions").click()
    expect(page).to_have_title(f"Actions for DfT-T{TITLE}")
    expect(page.locator(".govuk-tag--red")).to_have_text("Overdue")
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="See the history of changes").click()
    expect(page).to_have_title(f"History of changes{TITLE}")
    expect(page.locator("main")).to_contain_text("Sharing level: Private → Shared anonymously")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the submission").click()

    page.get_by_role("link", name="Start a later submission from this one").click()
    expect(page).to_have_title(f"Start a later submission from the 2019 index{TITLE}")
    assert_accessible(page)
    page.get_by_role("button", name="Start submission").click()
    expect(page).to_have_title(f"DfT-T, 2020 index{TITLE}")
    assert_accessible(page)

    submission = Submission.objects.get(edition=edition)
    assert submission.status == Submission.Status.COMPLETE
    assert submission.total_score == Decimal("80.5")
    assert submission.sharing == Submission.Sharing.ANONYMOUS
    assert submission.sharing_changed_by == lead
    assert [r.score for r in submission.results.order_by("section__number")] == [
        Decimal("18"),
        Decimal("25.5"),
        Decimal("37"),
    ]
    copied = Submission.objects.get(edition__year=2020)
    assert copied.results.filter(score__isnull=True, owner="network").count() == 3
    assert copied.carried_recommendations.get().status == Recommendation.Status.IN_PROGRESS
    assert Recommendation.objects.count() == 1


def test_a_section_can_be_saved_without_javascript(browser, live_server, lead, password):
    edition = edition_with_sections(year=2019)
    submission = SubmissionFactory(
        organisation=lead.memberships.get().network.organisation, edition=edition
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "lead@example.gov.uk", password, check_accessibility=False)
    page.goto(f"{live_server.url}/submissions/{submission.pk}/sections/2/")
    page.get_by_label("Score", exact=True).fill("12.5")
    page.get_by_label("No, I'll come back later").check()
    page.get_by_role("button", name="Save and continue").click()
    assert page.title() == f"DfT-T, 2019 index{TITLE}"
    assert "In progress" in page.locator(".govuk-task-list").inner_text()
    context.close()
    assert submission.results.get().score == Decimal("12.5")
