"""Guidance documents in headless Chromium, as the project team and a reader use them; every
page visited is checked with axe, reflows at 320px and prints without the page furniture."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from guidance.models import Document, Revision
from tests.browser import assert_accessible, sign_in
from tests.guidance.factories import document_draft, document_publish

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TITLE = "Allies & role models: evidence that counts"
SERVICE = "WEI good-practice portal"


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_title(re.compile("Share what works"))


def assert_reflows_at_320(page):
    """No sideways scrolling on a 320px-wide screen (wide tables scroll inside their region)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(size)
    assert width <= 320, f"{page.url} is {width}px wide at 320px"


def check(page):
    assert_accessible(page)
    assert_reflows_at_320(page)


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_draft_review_publish_subscribe_and_follow_the_change(
    browser_page, live_server, project_team, colleague, lead, section, other_section, password
):
    page = browser_page
    base = live_server.url

    # A project-team person drafts new guidance; a missing title is caught first.
    sign_in(page, live_server, project_team.email, password)
    page.goto(f"{base}/guidance/")
    expect(page).to_have_title(f"Guidance – {SERVICE}")
    check(page)
    page.get_by_role("link", name="Write new guidance").click()
    expect(page).to_have_title(f"Write new guidance – {SERVICE}")
    check(page)
    page.get_by_label("Summary").fill("What the marker looks for in allies' evidence.")
    page.get_by_label("Guidance", exact=True).fill(
        "## What counts\n\nA sign-up list is not enough: record what allies **did**.\n\n"
        "See the [allies e-learning](https://learning.example.gov.uk/allies)."
    )
    page.get_by_label("4. Allies and Role Models").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page).to_have_title(f"Error: Write new guidance – {SERVICE}")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter title")
    check(page)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("button", name="Save draft").click()
    expect(page).to_have_title(f"Draft: {TITLE} – {SERVICE}")
    expect(page.locator("main")).to_contain_text("Only the project team can see this draft")
    check(page)

    # Sends it to a colleague for review.
    page.get_by_role("link", name="Send for review").click()
    expect(page).to_have_title(f"Send for review – {SERVICE}")
    check(page)
    page.get_by_label("Sam O'Neill (colleague@example.gov.uk)").check()
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Draft sent to Sam O'Neill for review"
    )
    check(page)
    sign_out(page)

    # The colleague finds it on their dashboard and publishes it.
    sign_in(page, live_server, colleague.email, password, check_accessibility=False)
    expect(page.locator("main")).to_contain_text("Guidance waiting for your review")
    check(page)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Publish", exact=True).click()
    expect(page).to_have_title(f"Publish this draft – {SERVICE}")
    check(page)
    page.get_by_label("Change note").fill("First published.")
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_title(f"{TITLE} – {SERVICE}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Revision 1 published")
    check(page)
    sign_out(page)

    # A lead finds it by section and subscribes to it.
    sign_in(page, live_server, lead.email, password, check_accessibility=False)
    page.goto(f"{base}/guidance/")
    page.get_by_label("Section").select_option(label="4. Allies and Role Models")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".portal-results")).to_contain_text(TITLE)
    check(page)
    page.locator(".portal-results").get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Get emails when this guidance changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You will get an email")
    check(page)
    sign_out(page)
    mail.outbox.clear()

    # The author revises it; the colleague publishes a major revision.
    sign_in(page, live_server, project_team.email, password, check_accessibility=False)
    page.goto(f"{base}/guidance/")
    page.locator(".portal-results").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Edit this guidance").click()
    check(page)
    body = page.get_by_label("Guidance", exact=True)
    body.fill(
        body.input_value().replace("A sign-up list is not enough", "A list of names is not enough")
        + "\n\n## Dates\n\nDate every record: markers now check them."
    )
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("link", name="Send for review").click()
    page.get_by_label("Sam O'Neill (colleague@example.gov.uk)").check()
    page.get_by_role("button", name="Send for review").click()
    sign_out(page)
    sign_in(page, live_server, colleague.email, password, check_accessibility=False)
    page.locator("a[href$='/draft/']", has_text=TITLE).click()
    page.get_by_role("link", name="See what changed from the published version").click()
    expect(page.locator("main")).to_contain_text("What changed from revision 1 to the draft")
    check(page)
    page.go_back()
    page.get_by_role("link", name="Publish", exact=True).click()
    page.get_by_label("Major: readers and subscribers are told").check()
    page.get_by_label("Change note").fill("Markers now check that every record is dated.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Revision 2 published")
    sign_out(page)

    # The lead gets exactly one email, and the change on their dashboard.
    (email,) = emails_to(lead.email)
    assert len(mail.outbox) == 1
    assert "Markers now check that every record is dated." in email.body
    link = re.search(r"https?://\S+(/guidance/\S+/compare/\d+/\d+/)", email.body).group(1)
    sign_in(page, live_server, lead.email, password, check_accessibility=False)
    banner = page.locator(".govuk-notification-banner", has_text="Guidance you follow has changed")
    expect(banner).to_contain_text("Markers now check that every record is dated.")
    check(page)
    banner.get_by_role("link", name=TITLE).click()
    assert page.url == f"{base}{link}"
    expect(page).to_have_title(f"What changed from revision 1 to revision 2: {TITLE} – {SERVICE}")
    body_diff = page.locator(".portal-diff").nth(2)
    expect(body_diff.locator("del", has_text="sign-up")).to_be_visible()
    expect(body_diff.locator("ins", has_text="names")).to_be_visible()
    expect(body_diff.locator("ins", has_text="Date every record")).to_be_visible()
    expect(body_diff.locator("ins .govuk-visually-hidden").first).to_have_text("[added: ")
    expect(body_diff.locator("del .govuk-visually-hidden").first).to_have_text("[removed: ")
    check(page)
    page.goto(f"{base}/dashboard/")
    expect(page.locator("main")).not_to_contain_text("Guidance you follow has changed")
    sign_out(page)

    # A typo fix published as minor, by its own author, tells nobody.
    sign_in(page, live_server, project_team.email, password, check_accessibility=False)
    page.goto(f"{base}/guidance/")
    page.locator(".portal-results").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Edit this guidance").click()
    page.get_by_label("Title").fill(
        TITLE.replace("evidence that counts", "the evidence that counts")
    )
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("link", name="Publish without review").click()
    expect(page).to_have_title(f"Publish without review – {SERVICE}")
    check(page)
    page.get_by_label("Minor: a typo or link fix, nobody is told").check()
    page.get_by_label("Why are you publishing without a review?").fill("A one-word title fix.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "as a minor change, nobody is told"
    )
    assert len(mail.outbox) == 1
    page.get_by_role("link", name="See all updates").click()
    updates = page.locator("main")
    expect(updates).to_contain_text("Revision 3")
    expect(updates).to_contain_text("Not reviewed")
    expect(updates).to_contain_text("Minor change (no note)")
    check(page)
    document = Document.objects.get()
    assert list(
        document.revisions.published().order_by("number").values_list("change_type", flat=True)
    ) == ["major", "major", "minor"]


def test_two_people_editing_the_same_draft_lose_nothing(
    browser, live_server, project_team, colleague, password
):
    document = document_draft(by=project_team, title="Procurement: a shared answer")
    url = f"{live_server.url}/guidance/{document.slug}/edit/"
    mine, theirs = browser.new_context(), browser.new_context()
    try:
        author, other = mine.new_page(), theirs.new_page()
        sign_in(author, live_server, project_team.email, password, check_accessibility=False)
        sign_in(other, live_server, colleague.email, password, check_accessibility=False)
        author.goto(url)
        other.goto(url)
        author_body = author.get_by_label("Guidance", exact=True)
        other_body = other.get_by_label("Guidance", exact=True)
        original = author_body.input_value()

        other_body.fill(original + "\n\nThe colleague's paragraph on frameworks.")
        other.get_by_role("button", name="Save draft").click()
        expect(other.locator(".govuk-notification-banner")).to_contain_text("Draft saved")

        author_body.fill(original + "\n\nThe author's paragraph on monitoring.")
        author.get_by_role("button", name="Save draft").click()
        expect(author).to_have_title(re.compile("^Error: Edit Procurement"))
        summary = author.locator(".govuk-error-summary")
        expect(summary).to_contain_text("This was changed by someone else since you opened it")
        changes = author.locator("details", has_text="What changed since you opened it")
        # Exactly the colleague's paragraph: line endings from the browser do not count.
        expect(changes.locator("ins")).to_have_count(1)
        expect(changes.locator("ins")).to_contain_text("The colleague's paragraph on frameworks.")
        expect(author_body).to_have_value(re.compile("The author's paragraph on monitoring."))
        assert_accessible(author)
        assert_reflows_at_320(author)
        draft = Revision.objects.open().get(document=document)
        assert "colleague's paragraph" in draft.body and "author's paragraph" not in draft.body

        # The author adds the colleague's paragraph to their own and saves again.
        author_body.fill(
            original + "\n\nThe colleague's paragraph on frameworks.\n\n"
            "The author's paragraph on monitoring."
        )
        author.get_by_role("button", name="Save draft").click()
        expect(author.locator(".govuk-notification-banner")).to_contain_text("Draft saved")
        draft.refresh_from_db()
        assert "colleague's paragraph" in draft.body and "author's paragraph" in draft.body
    finally:
        mine.close()
        theirs.close()


def test_review_page_lists_the_overdue_document_and_its_csv_matches(
    browser_page, live_server, project_team, colleague, password
):
    page = browser_page
    overdue = document_draft(by=project_team, title="Monitoring: counting & reporting")
    document_publish(overdue, by=colleague)
    soon = document_draft(by=colleague, title="Senior leaders' sign-off", owner=colleague)
    document_publish(soon, by=project_team)
    later = document_draft(by=project_team, title="Community engagement")
    document_publish(later, by=colleague)
    today = timezone.localdate()
    Document.objects.filter(pk=overdue.pk).update(review_due=today - datetime.timedelta(days=3))
    Document.objects.filter(pk=soon.pk).update(review_due=today + datetime.timedelta(days=20))

    sign_in(page, live_server, project_team.email, password)
    page.goto(f"{live_server.url}/guidance/review/")
    expect(page).to_have_title(f"Review dates – {SERVICE}")
    check(page)
    rows = page.locator("#review-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Monitoring: counting & reporting")
    expect(rows.first).to_contain_text("Overdue by 3 days")
    table = [
        [cell.inner_text().strip() for cell in row.locator("td").all()[:3]] for row in rows.all()
    ]
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this list (CSV)").click()
    with open(download_info.value.path(), encoding="utf-8") as handle:
        records = list(csv.DictReader(io.StringIO(handle.read())))
    assert [[r["document"], r["owner"]] for r in records] == [row[:2] for row in table]
    assert [
        datetime.date.fromisoformat(r["review_due"]).strftime("%-d %B %Y") for r in records
    ] == [row[2] for row in table]
    assert [r["status"] for r in records] == ["overdue", "due soon"]

    # Reviewed, no change needed: it leaves the list with its next date a year on.
    page.get_by_role("link", name="Reviewed, no change needed for Monitoring").click()
    expect(page).to_have_title(f"Reviewed, no change needed – {SERVICE}")
    check(page)
    page.get_by_role("button", name="Confirm review").click()
    expect(page).to_have_title(f"Review dates – {SERVICE}")
    expect(rows).to_have_count(1)
    overdue.refresh_from_db()
    assert overdue.last_reviewed_by == project_team
    assert overdue.review_due.year == today.year + 1


def test_guidance_prints_without_the_page_furniture(
    browser_page, live_server, published_document, member, password
):
    page = browser_page
    sign_in(page, live_server, member.email, password, check_accessibility=False)
    page.goto(f"{live_server.url}{published_document.get_absolute_url()}")
    check(page)
    page.emulate_media(media="print")
    for selector in (
        ".govuk-service-navigation",
        ".govuk-footer",
        ".govuk-generic-header",
        ".govuk-breadcrumbs",
        ".govuk-phase-banner",
    ):
        expect(page.locator(selector)).to_be_hidden()
    expect(page.get_by_role("button", name="Get emails when this guidance changes")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".portal-document-body")).to_be_visible()
    # Link addresses are printed after the links.
    after = page.evaluate(
        """() => {
            const link = document.querySelector('.portal-document-meta a, main a[href^="/"]');
            return getComputedStyle(link, '::after').content;
        }"""
    )
    assert "/guidance/" in after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")
    expect(page.locator(".govuk-footer")).to_be_visible()


def test_compare_and_updates_pages_reflow_and_pass_axe(
    browser_page, live_server, published_document, member, password
):
    page = browser_page
    sign_in(page, live_server, member.email, password, check_accessibility=False)
    revisions = list(published_document.revisions.published().order_by("number"))
    for path in (
        f"/guidance/{published_document.slug}/updates/",
        f"/guidance/{published_document.slug}/compare/{revisions[0].pk}/{revisions[1].pk}/",
        "/guidance/subscriptions/",
    ):
        page.goto(f"{live_server.url}{path}")
        check(page)
