"""A lead imports a results spreadsheet, exports it, imports the export again, and tries a file
with mistakes: in headless Chromium, with every page checked with axe."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from submissions.models import Submission
from tests.browser import assert_accessible, sign_in
from tests.submissions.fixtures_imports import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    ["organisation", "edition", "total_score", "rank", "award", "section_1", "section_2"],
    ["Department for Testing", "2018", "55.5", "120", "none", "10", "20"],
    ["DfT-T", "2019", "70", "90", "top_100", "15", "25.5"],
    ["dft-t", "2020", "", "", "", "", ""],
]
BAD_ROWS = [
    ["organisation", "edition", "total_score", "rank"],
    ["DfT-T", "2018", "500", "1"],
    ["Office for Other Things", "2019", "", ""],
    ["DfT-T", "2019", "ten", "9999"],
]


def choose_file(page, name, data):
    page.get_by_label("Upload a results spreadsheet").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Check the file").click()


def test_lead_imports_exports_and_reimports_results(
    browser_page, live_server, lead, password, organisation, other_organisation, results_editions
):
    page = browser_page
    sign_in(page, live_server, lead.email, password)
    expect(page).to_have_title("Dashboard – WEI good-practice portal")

    page.goto(f"{live_server.url}/results/import/")
    expect(page).to_have_title("Import results – WEI good-practice portal")
    assert_accessible(page)

    choose_file(page, "results.csv", csv_bytes(ROWS))
    expect(page).to_have_title("Check the results before importing – WEI good-practice portal")
    expect(page.locator("table")).to_contain_text("Top 100")
    assert not Submission.objects.exists()
    assert_accessible(page)

    page.get_by_role("button", name="Import results").click()
    expect(page).to_have_title("Results imported – WEI good-practice portal")
    expect(page.locator(".govuk-panel")).to_contain_text("3 new, 0 changed")
    assert_accessible(page)
    assert Submission.objects.filter(organisation=organisation).count() == 3

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download Department for Testing's results (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == f"wei-results-{organisation.slug}.csv"
    exported = Path(download.path()).read_bytes()
    assert exported.startswith(b"organisation,edition,total_score")

    page.get_by_role("link", name="Import another file").click()
    expect(page).to_have_title("Import results – WEI good-practice portal")
    assert_accessible(page)
    choose_file(page, "export.csv", exported)
    expect(page).to_have_title("Check the results before importing – WEI good-practice portal")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Rows with no changes")
    expect(page.locator("tbody .govuk-tag")).to_have_text(["No change"] * 3)
    assert_accessible(page)

    page.get_by_role("link", name="Upload a different file").click()
    choose_file(page, "mistakes.csv", csv_bytes(BAD_ROWS))
    expect(page).to_have_title("Error: Import results – WEI good-practice portal")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The selected file has 4 problems")
    problems = page.locator("#problems tbody tr")
    expect(problems).to_have_count(4)
    expect(problems.nth(0)).to_contain_text("Enter a total score between 0 and 100")
    expect(problems.nth(1)).to_contain_text(
        "You can only import results for organisations whose networks you lead"
    )
    expect(problems.nth(2)).to_contain_text("Total score must be a number")
    expect(problems.nth(3)).to_contain_text("Enter a rank between 1 and 445")
    assert_accessible(page)
    assert Submission.objects.count() == 3
    assert not Submission.objects.filter(organisation=other_organisation).exists()


def test_a_large_import_runs_in_the_background_and_its_page_updates(
    browser_page, live_server, lead, password, organisation, results_editions, settings
):
    from axe_playwright_python.sync_playwright import Axe

    from submissions.models import ImportJob
    from submissions.tasks import results_import_run
    from tests.browser import WCAG_22_AA

    settings.IMPORT_BACKGROUND_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    page = browser_page
    sign_in(page, live_server, lead.email, password)
    page.goto(f"{live_server.url}/results/import/")
    choose_file(page, "results.csv", csv_bytes(ROWS))
    expect(page.locator("main")).to_contain_text("imported in the background")
    page.get_by_role("button", name="Import results").click()
    expect(page).to_have_title("Your import is being processed – WEI good-practice portal")
    expect(page.locator("#progress")).to_contain_text("0 of 3")
    # The page updates itself with a meta refresh, which axe reports as a time limit: the
    # first thing under the heading turns it off, and the page without it must be clean.
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_22_AA},
            "rules": {"meta-refresh": {"enabled": False}},
        },
    )
    assert not results.response["violations"]
    page.get_by_role("link", name="Stop updating this page").click()
    expect(page.get_by_role("link", name="Check progress again")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    results_import_run.call(job_id=ImportJob.objects.get().pk)
    page.get_by_role("link", name="Check progress again").click()
    expect(page).to_have_title("Results imported – WEI good-practice portal")
    expect(page.locator(".govuk-panel")).to_contain_text("3 new, 0 changed")
    assert_accessible(page)
    page.goto(f"{live_server.url}/submissions/")
    expect(page.locator("#import-jobs")).to_contain_text("Imported")
    assert_accessible(page)
