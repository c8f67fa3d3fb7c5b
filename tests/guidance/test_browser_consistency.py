"""Standard responses and marking consistency in headless Chromium, as the project checks it:
two organisations use the standard response and get marks 15 points apart; the project team
finds the flagged group, reads it side by side and downloads the query pack; a third
organisation's lightly edited copy joins the group; the lead sees the range only once three
organisations are in it; a major revision tells the leads whose drafts used the old one.
Every page is checked with axe and reflows at 320px; "use this answer" works without
JavaScript."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from openpyxl import load_workbook

from networks.services import data_version_bump
from submissions.models import Submission
from tests.browser import sign_in
from tests.guidance.factories import document_edit, document_publish
from tests.guidance.fixtures_answers import LIGHTLY_EDITED, MODEL_ANSWER
from tests.guidance.test_browser_documents import check, sign_out
from tests.networks.factories import OrganisationFactory
from tests.submissions.factories import SectionResultFactory, SubmissionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_section_3(page, base, submission, score):
    """Use the standard response, then enter the mark, as a lead would."""
    page.goto(f"{base}/submissions/{submission.pk}/sections/3/")
    check(page)
    page.get_by_role("button", name="Use this answer").click()
    assert "Your answer now uses the standard response, revision 1" in page.content()
    assert page.get_by_label("Your answer (optional)").input_value().startswith("Our department")
    page.get_by_label("Score", exact=True).fill(score)
    page.get_by_label("No, I'll come back later").check()
    page.get_by_role("button", name="Save and continue").click()


def test_same_answer_different_marks_found_packed_and_kept_current(
    browser,
    browser_page,
    live_server,
    lead,
    other_lead,
    project_team,
    colleague,
    submission,
    other_submission,
    standard_response,
    answer_section,
    password,
):
    page, base = browser_page, live_server.url
    Submission.objects.filter(pk=other_submission.pk).update(sharing="named")

    # Without JavaScript, the lead uses the standard response and enters 40 of 50.
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    sign_in(plain, live_server, lead.email, password, check_accessibility=False)
    plain.goto(f"{base}/submissions/{submission.pk}/sections/3/")
    plain.get_by_role("button", name="Use this answer").click()
    plain.get_by_label("Score", exact=True).fill("40")
    plain.get_by_label("No, I'll come back later").check()
    plain.get_by_role("button", name="Save and continue").click()
    context.close()
    assert submission.results.get(section=answer_section).answer == MODEL_ANSWER

    # The other organisation's lead does the same and gets 32.5 (15 points lower).
    sign_in(page, live_server, other_lead.email, password, check_accessibility=False)
    answer_section_3(page, base, other_submission, "32.5")
    page.goto(f"{base}/submissions/{other_submission.pk}/sections/3/")
    assert "matched the answers of 1 other organisation" not in page.content()  # private
    sign_out(page)

    # The lead sees the match, but not the range: only two organisations are in the group.
    sign_in(page, live_server, lead.email, password, check_accessibility=False)
    page.goto(f"{base}/submissions/{submission.pk}/sections/3/")
    check(page)
    text = page.locator("main").inner_text()
    assert "matched the answers of 1 other organisation" in text
    assert "ranged from" not in text
    sign_out(page)

    # The project team finds the flagged group and downloads the pack.
    sign_in(page, live_server, project_team.email, password, check_accessibility=False)
    page.goto(f"{base}/consistency/")
    check(page)
    page.get_by_role("link", name="2019 index").click()
    check(page)
    page.get_by_role("link", name="3. Section 3").click()
    check(page)
    assert "65.0% to 80.0% (range 15.0 points)" in page.locator("main").inner_text()
    page.get_by_role("link", name="Group 1").click()
    check(page)
    assert page.locator(".portal-answer-cell").count() == 2
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the query pack (XLSX), naming only").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    labels = [row[0] for row in workbook["Group"].iter_rows(min_row=2, values_only=True)]
    assert sorted(labels) == ["Office for Other Things", "Organisation A"]
    page.get_by_role("link", name="Printable query pack, naming only").click()
    check(page)

    # A third organisation's lightly edited copy joins the group by similarity.
    third = SubmissionFactory(
        organisation=OrganisationFactory(name="Agency for Third Parties"),
        edition=submission.edition,
        sharing=Submission.Sharing.ANONYMOUS,
    )
    SectionResultFactory(
        submission=third, section=answer_section, answer=LIGHTLY_EDITED, score=Decimal(35)
    )
    data_version_bump()
    page.goto(f"{base}/consistency/2019/sections/3/")
    assert "Agency for Third Parties" in page.locator("main").inner_text()
    sign_out(page)

    # Now the lead sees the range.
    sign_in(page, live_server, lead.email, password, check_accessibility=False)
    page.goto(f"{base}/submissions/{submission.pk}/sections/3/")
    text = page.locator("main").inner_text()
    assert "matched the answers of 2 other organisations" in text
    assert "ranged from 65.0% to 80.0%" in text
    assert "Agency for Third Parties" not in text
    sign_out(page)

    # A major revision tells the leads whose drafts used revision 1.
    mail.outbox.clear()
    document_edit(standard_response, by=project_team, body=MODEL_ANSWER + "\n\nWe audit.")
    document_publish(standard_response, by=colleague, change_note="Adds supplier audits.")
    assert {message.to[0] for message in mail.outbox} == {lead.email, other_lead.email}
    sign_in(page, live_server, lead.email, password, check_accessibility=False)
    page.goto(f"{base}/submissions/{submission.pk}/sections/3/")
    check(page)
    assert "A newer version of this standard response exists" in page.content()
    page.get_by_role("link", name="See what changed between revision 1 and revision 2").click()
    check(page)
    page.go_back()
    page.get_by_role("button", name="Keep my answer and dismiss this").click()
    assert "A newer version of this standard response exists" not in page.content()


def test_standard_response_pages_pass_axe(
    browser_page, live_server, project_team, standard_response, password
):
    page = browser_page
    sign_in(page, live_server, project_team.email, password, check_accessibility=False)
    for path in (
        "/guidance/standard-responses/",
        "/guidance/standard-responses/new/",
        standard_response.get_absolute_url(),
    ):
        page.goto(f"{live_server.url}{path}")
        check(page)
