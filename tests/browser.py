"""Helpers for browser tests: an accessibility check every visited page must pass."""

from axe_playwright_python.sync_playwright import Axe

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def assert_accessible(page):
    """Run axe (WCAG 2.2 AA) on the page and fail with every violation found."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
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
