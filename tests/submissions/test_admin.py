"""The Django admin for editions, submissions and their history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from networks.models import DataVersion
from submissions.models import Edition, Section
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


@pytest.fixture
def two_rounds(db):
    old = CriteriaRoundFactory(name="2015–2017", first_year=2015, last_year=2017)
    new = CriteriaRoundFactory(name="2018–2020", first_year=2018, last_year=2020)
    return (
        SectionFactory(criteria_round=old, number=3, name="Employee network group"),
        SectionFactory(criteria_round=new, number=3, name="Employee Network Group"),
    )


def section_form(section, continues):
    return {
        "criteria_round": section.criteria_round_id,
        "number": section.number,
        "name": section.name,
        "description": "",
        "continues": continues.pk if continues else "",
    }


def test_admin_sets_the_section_a_later_section_continues_and_moves_the_data_version(
    admin_client, two_rounds
):
    old, new = two_rounds
    before = DataVersion.objects.current().version
    response = admin_client.post(
        reverse("admin:submissions_section_change", args=[new.pk]), section_form(new, old)
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.continues == old
    assert DataVersion.objects.current().version > before


@pytest.mark.parametrize("case", ["later", "same_round", "itself"])
def test_a_section_continues_only_a_section_of_an_earlier_round(admin_client, two_rounds, case):
    old, new = two_rounds
    section, continues = {
        "later": (old, new),
        "same_round": (new, SectionFactory(criteria_round=new.criteria_round, number=4)),
        "itself": (new, new),
    }[case]
    response = admin_client.post(
        reverse("admin:submissions_section_change", args=[section.pk]),
        section_form(section, continues),
    )
    assert response.status_code == 200
    assert "Choose a section from an earlier criteria round" in response.text
    section.refresh_from_db()
    assert section.continues is None


def test_section_continues_validation_outside_the_admin(two_rounds):
    old, new = two_rounds
    old.continues = new
    with pytest.raises(ValidationError) as raised:
        old.full_clean()
    assert raised.value.message_dict == {
        "continues": ["Choose a section from an earlier criteria round"]
    }
    new.continues = old
    new.full_clean()


def test_a_new_round_s_sections_can_continue_earlier_ones_in_the_round_form(
    admin_client, two_rounds
):
    _old, new = two_rounds
    data = {
        "name": "2022–2024",
        "first_year": "2022",
        "last_year": "",
        "description": "",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-number": "3",
        "sections-0-name": "Network groups",
        "sections-0-continues": str(new.pk),
        "sections-0-description": "",
    }
    response = admin_client.post(reverse("admin:submissions_criteriaround_add"), data)
    assert response.status_code == 302
    assert Section.objects.get(name="Network groups").continues == new
    data["name"], data["first_year"] = "2016 again", "2016"
    data["sections-0-name"] = "Too early"
    response = admin_client.post(reverse("admin:submissions_criteriaround_add"), data)
    assert response.status_code == 200
    assert "Choose a section from an earlier criteria round" in response.text
    assert not Section.objects.filter(name="Too early").exists()


def test_a_round_cannot_move_past_the_rounds_its_sections_continue(two_rounds):
    old, new = two_rounds
    new.continues = old
    new.save()
    new_round = new.criteria_round
    new_round.first_year = 2014
    with pytest.raises(ValidationError) as raised:
        new_round.full_clean()
    assert list(raised.value.message_dict) == ["first_year"]
    old_round = old.criteria_round
    old_round.first_year, old_round.last_year = 2019, 2021
    with pytest.raises(ValidationError):
        old_round.full_clean()
    old_round.first_year, old_round.last_year = 2014, 2017
    old_round.full_clean()
