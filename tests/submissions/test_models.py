"""The submissions data model, its rules, the demo structure and the entry services."""

import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from networks.models import Organisation
from submissions import demo, services
from submissions.models import Edition, Recommendation, Section, SectionResult, Submission
from tests.networks.factories import OrganisationFactory
from tests.submissions.factories import SectionResultFactory, SubmissionFactory


@pytest.mark.django_db
def test_demo_structure_has_the_real_rounds_and_editions():
    demo.load_structure()
    assert list(Edition.objects.order_by("year").values_list("year", flat=True)) == [
        2016,
        2017,
        2018,
        2019,
        2020,
        2022,
        2023,
        2024,
    ]
    edition_2019 = Edition.objects.get(year=2019)
    assert edition_2019.criteria_round.name == "2018–2020"
    assert edition_2019.entrants == 445
    names = list(edition_2019.criteria_round.sections.values_list("name", flat=True))
    assert names[:3] == ["Policies and Benefits", "Employee Lifecycle", "Employee Network Group"]
    assert Edition.objects.get(year=2016).criteria_round.name == "2015–2017"


@pytest.mark.django_db
def test_demo_links_sections_to_those_of_the_previous_round_they_continue():
    demo.load_structure()
    links = {
        (section.criteria_round.name, section.name): (
            section.continues.criteria_round.name,
            section.continues.name,
        )
        for section in Section.objects.filter(continues__isnull=False).select_related(
            "criteria_round", "continues__criteria_round"
        )
    }
    network_group = links[("2018–2020", "Employee Network Group")]
    assert network_group == ("2015–2017", "Employee network group")
    assert links[("2022–2024", "Network groups")] == ("2018–2020", "Employee Network Group")
    assert links[("2022–2024", "Supply chain")] == ("2018–2020", "Procurement")
    assert ("2018–2020", "Employee Lifecycle") not in links
    for section in Section.objects.filter(continues__isnull=False):
        section.full_clean()


@pytest.mark.django_db
def test_every_demo_editions_section_maximums_add_up_to_its_total():
    demo.load_structure()
    for edition in Edition.objects.all():
        assert edition.entrants
        assert edition.maximums_problem() == "", edition
        assert edition.sections_total() == edition.maximum_total


@pytest.mark.django_db
def test_demo_structure_loads_twice_without_change():
    demo.load_structure()
    counts = (Edition.objects.count(), SectionResult.objects.count())
    demo.load_structure()
    assert (Edition.objects.count(), SectionResult.objects.count()) == counts


@pytest.mark.django_db
def test_demo_actions_for_the_lead_organisation_are_idempotent():
    demo.load_structure()
    organisation = OrganisationFactory(
        name="Ministry of Civic Affairs", slug="ministry-of-civic-affairs"
    )
    SubmissionFactory(organisation=organisation, edition=Edition.objects.get(year=2019))
    SubmissionFactory(organisation=organisation, edition=Edition.objects.get(year=2024))
    demo.load_actions(random.Random(1))
    count = Recommendation.objects.count()
    assert count == len(demo.ACTIONS) + len(demo.LATEST_ACTIONS)
    latest = Submission.objects.get(edition__year=2024)
    open_earlier = [
        text for _, text, _, _, status in demo.ACTIONS if status in ("open", "in_progress")
    ]
    assert sorted(latest.carried_recommendations.values_list("text", flat=True)) == sorted(
        open_earlier
    )
    demo.load_actions(random.Random(2))
    assert Recommendation.objects.count() == count
    assert latest.carried_recommendations.count() == len(open_earlier)
    for recommendation in Recommendation.objects.select_related("section", "submission"):
        if recommendation.section:
            assert (
                recommendation.section.criteria_round_id
                == recommendation.submission.edition.criteria_round_id
            )


@pytest.mark.django_db
def test_demo_actions_need_no_submissions():
    demo.load_actions(random.Random(1))
    assert not Recommendation.objects.exists()
    assert not Organisation.objects.exists()


def test_edition_says_when_maximums_do_not_add_up(edition):
    edition.maximum_total = Decimal("120")
    assert "add up to 100" in edition.maximums_problem()


def test_one_submission_per_organisation_per_edition(submission):
    with pytest.raises(IntegrityError):
        Submission.objects.create(organisation=submission.organisation, edition=submission.edition)


def test_submission_is_private_by_default(submission):
    assert submission.sharing == Submission.Sharing.PRIVATE


def test_section_result_score_above_the_editions_maximum_is_invalid(submission):
    section = submission.edition.criteria_round.sections.get(number=1)
    result = SectionResult(submission=submission, section=section, score=Decimal("20.01"))
    with pytest.raises(ValidationError, match="Enter a score between 0 and 20"):
        result.full_clean()


# Services


def test_submission_create_refuses_a_second_submission(submission):
    with pytest.raises(ValidationError, match="already has a submission for the 2019 index"):
        services.submission_create(
            organisation=submission.organisation, edition=submission.edition
        )
    assert Submission.objects.count() == 1


def test_section_result_save_updates_the_existing_result(submission):
    section = submission.edition.criteria_round.sections.get(number=1)
    services.section_result_save(
        submission=submission, section=section, lock_version=0, score=Decimal("5")
    )
    services.section_result_save(
        submission=submission, section=section, lock_version=1, score=Decimal("6"), completed=True
    )
    result = SectionResult.objects.get()
    assert (result.score, result.completed) == (Decimal("6"), True)


def test_section_result_save_refuses_a_score_above_the_maximum(submission):
    section = submission.edition.criteria_round.sections.get(number=1)
    with pytest.raises(ValidationError):
        services.section_result_save(
            submission=submission, section=section, lock_version=0, score=Decimal("21")
        )
    assert not SectionResult.objects.exists()


def test_submission_set_sharing_records_who_and_when(submission, lead):
    services.submission_set_sharing(submission=submission, sharing="named", user=lead)
    submission.refresh_from_db()
    assert submission.sharing_changed_by == lead
    changed_at = submission.sharing_changed_at
    services.submission_set_sharing(submission=submission, sharing="named", user=lead)
    submission.refresh_from_db()
    assert submission.sharing_changed_at == changed_at


def test_submission_history_records_each_change(submission):
    submission.total_score = Decimal("50")
    submission.save()
    submission.total_score = Decimal("55")
    submission.save()
    records = list(submission.history.order_by("history_date"))
    assert [record.total_score for record in records] == [None, Decimal("50"), Decimal("55")]
    delta = records[2].diff_against(records[1])
    assert [change.field for change in delta.changes] == ["total_score"]


def test_copy_forward_refuses_an_earlier_edition(submission):
    with pytest.raises(ValidationError):
        services.submission_copy_forward(source=submission, edition=submission.edition)


def test_submission_complete_refuses_scores_above_the_total(submission):
    for maximum in submission.edition.section_maxima.select_related("section"):
        SectionResultFactory(
            submission=submission, section=maximum.section, score=Decimal("10"), completed=True
        )
    Submission.objects.filter(pk=submission.pk).update(total_score=Decimal("20"))
    submission.refresh_from_db()
    with pytest.raises(ValidationError, match="at least the sum of the section scores"):
        services.submission_complete(submission=submission)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT


@pytest.mark.django_db
def test_demo_trend_crosses_rounds_only_along_the_demo_links(client):
    from django.core.management import call_command
    from django.urls import reverse

    from networks.models import User

    call_command("load_demo_data", allow_production=True)
    client.force_login(User.objects.get(email="lead@demo.example.gov.uk"))
    response = client.get(
        reverse("submissions:trend", kwargs={"slug": "ministry-of-civic-affairs"})
    )
    rows = {
        (section.section.round_name, section.name): section
        for section in response.context["trend"].sections
    }
    assert rows[("2022–2024", "Network groups")].crosses_rounds
    # Monitoring of 2015 to 2017 continues into 2018 to 2020 by the link, not by its name;
    # Training has no successor, so it stays a row of its own.
    assert ("2015–2017", "Monitoring") not in rows
    assert not rows[("2015–2017", "Training")].crosses_rounds
    assert "continues Employee Network Group (2018–2020)" in response.text
