"""Helpers for browser tests: an accessibility check every visited page must pass."""

from axe_playwright_python.sync_playwright import Axe

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe's best practices too: content inside landmarks (region), headings in order
# (heading-order), one main landmark, a level-one heading, and the rest.
AXE_TAGS = [*WCAG_22_AA, "best-practice"]

_axe = Axe()


def assert_accessible(page):
    """Run axe (WCAG 2.2 AA and best practices) on the page and fail with every violation
    found. It waits for the page to finish loading: a click that navigates returns once the
    new page is on its way, and axe must not run on a page half there."""
    page.wait_for_load_state()
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    assert not violations, f"Accessibility violations on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )


def sign_in(page, live_server, email, password, check_accessibility=True):
    page.goto(f"{live_server.url}/sign-in/")
    if check_accessibility:  # axe needs JavaScript; pages without it were checked with it
        assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
