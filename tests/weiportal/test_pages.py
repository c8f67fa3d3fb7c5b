"""The site-wide pages: start, dashboard, the error pages, and what every page carries."""

import re

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from networks.models import DemoDataRecord
from networks.services import data_version_bump
from weiportal.views import permission_denied, server_error


def test_security_headers_on_every_page(client, db):
    response = client.get(reverse("start"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert re.search(r"script-src 'self' 'nonce-[^']+'", csp)
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_inline_script_carries_the_requests_nonce(client, db):
    response = client.get(reverse("start"))
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in response.text


def test_start_page_explains_the_portal_to_anonymous_visitors(client, db):
    response = client.get(reverse("start"))
    assert response.status_code == 200
    assert "<title>Share what works in the Workplace Equality Index – WEI" in response.text
    assert 'href="/sign-in/"' in response.text


def test_signed_in_people_land_on_the_dashboard(client, member):
    client.force_login(member)
    assert client.get(reverse("start")).url == reverse("dashboard")
    response = client.get(reverse("dashboard"))
    assert "Testing Pride" in response.text
    assert "Member" in response.text


def test_demo_notice_shows_only_when_demo_data_is_loaded(client, db):
    assert "demonstration data" not in client.get(reverse("start")).text
    # As the loader does: the record, and the data version the notice is cached under.
    DemoDataRecord.objects.create()
    data_version_bump()
    assert "demonstration data" in client.get(reverse("start")).text


def test_unknown_page_gets_a_govuk_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<title>Page not found – WEI good-practice portal</title>" in response.text
    assert "govuk-heading-l" in response.text


def test_500_page_renders_without_a_request_context():
    response = server_error(None)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_no_crown_logotype_or_gds_font(client, db):
    html = client.get(reverse("start")).text
    assert "govuk-header__logotype" not in html
    assert "govuk-footer__crown" not in html


def test_refused_request_gets_a_govuk_403(rf, db):
    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert (
        "<title>You do not have permission to see this page – WEI good-practice portal</title>"
        in html
    )
    assert 'href="/"' in html


def test_cookies_page_states_the_session_lifetime_the_settings_set(client, db, settings):
    assert '<td class="govuk-table__cell">8 hours</td>' in client.get(reverse("cookies")).text
    settings.SESSION_COOKIE_AGE = 60 * 60
    assert '<td class="govuk-table__cell">1 hour</td>' in client.get(reverse("cookies")).text


def test_phase_banner_links_to_the_contact_page_which_gives_the_address(client, db, settings):
    settings.CONTACT_EMAIL = "team@example.gov.uk"
    start = client.get(reverse("start")).text
    assert f'<a class="govuk-link" href="{reverse("contact")}">Tell the project team</a>' in start
    contact = client.get(reverse("contact")).text
    assert 'href="mailto:team@example.gov.uk"' in contact


def test_privacy_notice_names_controller_lawful_basis_retention_and_rights(client, db):
    text = client.get(reverse("privacy")).text
    for heading in (
        "Who is responsible for your data",
        "Why we hold it: the lawful basis",
        "How long we keep it",
        "Your rights",
    ):
        assert f'<h2 class="govuk-heading-m">{heading}</h2>' in text
    assert "data controller" in text
    assert "article 6(1)(e)" in text
    assert "Information Commissioner" in text


def test_accessibility_statement_claims_no_more_than_is_checked(client, db):
    text = client.get(reverse("accessibility")).text
    assert "fully compliant" not in text
    assert "every page is checked" not in text
    assert "partially compliant" in text
    assert f'href="{reverse("contact")}"' in text


def test_phase_banner_and_demo_notice_sit_in_a_landmark(client, db):
    DemoDataRecord.objects.create()
    text = client.get(reverse("start")).text
    section = text.split('<section class="portal-service-status" aria-label="Service status">')[1]
    section = section.split("</section>")[0]
    assert "govuk-phase-banner" in section
    assert "demonstration data" in section


def test_missing_pages_show_the_govuk_404_with_debug_on_too(client, member, settings):
    settings.DEBUG = True
    client.force_login(member)
    for path in ("/no-such-page/", reverse("submissions:detail", kwargs={"pk": 99999})):
        response = client.get(path)
        assert response.status_code == 404
        assert "<title>Page not found – WEI good-practice portal</title>" in response.text
        assert "URLconf" not in response.text
        assert "Content-Security-Policy" in response.headers
