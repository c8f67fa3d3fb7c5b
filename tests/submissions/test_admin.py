"""The Django admin for editions, submissions and their history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from submissions.models import Edition
from tests.submissions.factories import CriteriaRoundFactory, SectionFactory


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def edition_form(criteria_round, sections, maxima, total):
    data = {
        "year": "2019",
        "criteria_round": criteria_round.pk,
        "entrants": "445",
        "maximum_total": str(total),
        "section_maxima-TOTAL_FORMS": str(len(maxima)),
        "section_maxima-INITIAL_FORMS": "0",
        "section_maxima-MIN_NUM_FORMS": "0",
        "section_maxima-MAX_NUM_FORMS": "1000",
    }
    for index, (section, maximum) in enumerate(zip(sections, maxima, strict=True)):
        data[f"section_maxima-{index}-section"] = section.pk
        data[f"section_maxima-{index}-maximum"] = str(maximum)
    return data


@pytest.fixture
def round_sections(db):
    criteria_round = CriteriaRoundFactory()
    return criteria_round, [
        SectionFactory(criteria_round=criteria_round, number=number) for number in (1, 2)
    ]


def test_admin_warns_when_section_maximums_do_not_add_up(admin_client, round_sections):
    criteria_round, sections = round_sections
    response = admin_client.post(
        reverse("admin:submissions_edition_add"),
        edition_form(criteria_round, sections, [40, 50], 100),
        follow=True,
    )
    assert "The section maximums add up to 90" in response.text
    assert "Correct the section maximums." in response.text
    edition = Edition.objects.get()
    assert edition.maximums_problem()


def test_admin_says_nothing_when_maximums_add_up(admin_client, round_sections):
    criteria_round, sections = round_sections
    response = admin_client.post(
        reverse("admin:submissions_edition_add"),
        edition_form(criteria_round, sections, [40, 60], 100),
        follow=True,
    )
    assert "Correct the section maximums." not in response.text
    assert Edition.objects.get().sections_total() == Decimal("100")


def test_edition_list_shows_whether_maximums_add_up(admin_client, edition):
    response = admin_client.get(reverse("admin:submissions_edition_changelist"))
    assert response.status_code == 200
    assert "Section maximums add up" in response.text


def test_submission_history_is_in_the_admin(admin_client, submission):
    submission.total_score = Decimal("42")
    submission.save()
    response = admin_client.get(
        reverse("admin:submissions_submission_history", args=[submission.pk])
    )
    assert response.status_code == 200
    assert "42" in response.text


@pytest.mark.parametrize("model", ["submission", "sectionresult", "recommendation", "edition"])
def test_changelists_open(admin_client, recommendation, model):
    response = admin_client.get(reverse(f"admin:submissions_{model}_changelist"))
    assert response.status_code == 200


def submission_form(submission, **changes):
    data = {
        "organisation": submission.organisation_id,
        "edition": submission.edition_id,
        "total_score": "",
        "rank": "",
        "sector_rank": "",
        "sector_entrants": "",
        "award": submission.award,
        "overall_feedback": "",
        "date_submitted": "",
        "status": submission.status,
        "sharing": submission.sharing,
    }
    for prefix in ("results", "recommendations"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | changes


def test_changing_sharing_in_the_admin_records_who_and_when(admin_client, admin_user, submission):
    url = reverse("admin:submissions_submission_change", args=[submission.pk])
    response = admin_client.post(
        url, submission_form(submission, sharing="anonymous", total_score="55")
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.sharing == "anonymous"
    assert submission.total_score == Decimal("55")
    assert submission.sharing_changed_by == admin_user
    assert submission.sharing_changed_at is not None
    latest = submission.history.latest()
    assert (latest.sharing, latest.total_score, latest.history_user) == (
        "anonymous",
        Decimal("55"),
        admin_user,
    )


def test_other_changes_in_the_admin_leave_sharing_unrecorded(admin_client, submission):
    url = reverse("admin:submissions_submission_change", args=[submission.pk])
    response = admin_client.post(url, submission_form(submission, total_score="42.5"))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.total_score == Decimal("42.5")
    assert submission.sharing == "private"
    assert submission.sharing_changed_by is None
