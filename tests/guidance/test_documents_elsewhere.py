"""Guidance where people work: the section entry page, the section comparison, "who did this
well", and the dashboard (through guidance's own template tags)."""

import pytest
from django.urls import reverse

from tests.guidance.factories import document_draft, document_publish
from tests.guidance.pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def section_two_guidance(edition, project_team, colleague):
    """Published guidance for the edition's section 2, a draft for it, and guidance for
    another section."""
    section = edition.section_maxima.get(section__number=2).section
    other = edition.section_maxima.get(section__number=1).section
    published = document_draft(
        by=project_team, title="Section 2: what the marker looks for", sections=[section]
    )
    document_publish(published, by=colleague)
    document_draft(by=project_team, title="An unpublished draft for section 2", sections=[section])
    elsewhere = document_draft(by=project_team, title="Only for section 1", sections=[other])
    document_publish(elsewhere, by=colleague)
    return published


def assert_shows_only_the_published_guidance(page):
    assert "Guidance for Section 2" in page
    assert "Section 2: what the marker looks for" in page
    assert "An unpublished draft for section 2" not in page
    assert "Only for section 1" not in page


def test_section_entry_page_shows_the_sections_guidance(
    client, lead, submission, section_two_guidance
):
    client.force_login(lead)
    response = client.get(
        reverse("submissions:section", kwargs={"pk": submission.pk, "number": 2})
    )
    assert response.status_code == 200
    assert_shows_only_the_published_guidance(text(response))
    assert f'href="{section_two_guidance.get_absolute_url()}"' in response.content.decode()


def test_section_comparison_and_who_did_this_well_show_it(
    client, lead, shared_submission, section_two_guidance, project_team
):
    client.force_login(project_team)  # sees drafts elsewhere, but these pages list published
    for name in ("submissions:section_compare", "submissions:section_leaders"):
        response = client.get(reverse(name, kwargs={"year": 2019, "number": 2}))
        assert response.status_code == 200
        assert_shows_only_the_published_guidance(text(response))


def test_no_guidance_no_heading(client, lead, submission):
    client.force_login(lead)
    response = client.get(
        reverse("submissions:section", kwargs={"pk": submission.pk, "number": 2})
    )
    assert "Guidance for" not in text(response)


def test_withdrawn_guidance_is_not_offered(
    client, lead, submission, section_two_guidance, colleague
):
    from guidance.documents import services

    services.document_withdraw(
        document=section_two_guidance,
        by=colleague,
        lock_version=section_two_guidance.lock_version,
        explanation="Superseded.",
    )
    client.force_login(lead)
    response = client.get(
        reverse("submissions:section", kwargs={"pk": submission.pk, "number": 2})
    )
    assert "Section 2: what the marker looks for" not in text(response)


def test_dashboard_asks_reviewers_to_review(client, in_review_document, colleague, project_team):
    client.force_login(colleague)
    page = text(client.get(reverse("dashboard")))
    assert "Guidance waiting for your review" in page
    assert "Procurement: a model answer" in page
    client.force_login(project_team)
    assert "Guidance waiting for your review" not in text(client.get(reverse("dashboard")))


def test_submissions_and_networks_do_not_import_guidance():
    """Lower apps show guidance only through the template tags."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    for app in ("networks", "submissions"):
        for path in (root / app).rglob("*.py"):
            source = path.read_text()
            assert "import guidance" not in source and "from guidance" not in source, path


def test_a_publication_and_a_withdrawal_show_on_the_cached_section_pages_at_once(
    client, lead, edition, shared_submission, section_two_guidance, project_team, colleague
):
    from guidance.documents.services import document_withdraw

    client.force_login(lead)
    url = reverse("submissions:section_compare", kwargs={"year": 2019, "number": 2})
    assert_shows_only_the_published_guidance(text(client.get(url)))
    section = edition.section_maxima.get(section__number=2).section
    later = document_draft(by=project_team, title="Section 2: a later note", sections=[section])
    document_publish(later, by=colleague)
    assert "Section 2: a later note" in text(client.get(url))
    section_two_guidance.refresh_from_db()
    document_withdraw(
        document=section_two_guidance,
        by=project_team,
        lock_version=section_two_guidance.lock_version,
        explanation="Replaced by the later note.",
    )
    page = text(client.get(url))
    assert "Section 2: what the marker looks for" not in page
    assert "Section 2: a later note" in page
