"""Entering a submission: task list, about the result, sections, check answers, sharing."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from submissions import services
from submissions.models import SectionResult, Submission
from tests.locking import post_opened
from tests.networks.factories import MembershipFactory, NetworkFactory, OrganisationFactory
from tests.submissions.factories import (
    SectionResultFactory,
    SubmissionFactory,
    edition_with_sections,
)


def url(name, submission, **kwargs):
    return reverse(f"submissions:{name}", kwargs={"pk": submission.pk, **kwargs})


def assert_error_links_resolve(response):
    """Every link in the error summary leads to an element on the page."""
    anchors = re.findall(r"govuk-error-summary__list.*?</ul>", response.text, re.S)
    targets = re.findall(r'href="#([^"]+)"', anchors[0]) if anchors else []
    assert targets
    for target in targets:
        assert f'id="{target}"' in response.text, target


def section_data(**overrides):
    return {"score": "15", "comment": "Good", "owner": "network", "completed": "yes", **overrides}


def about_data(**overrides):
    return {"total_score": "80", "rank": "12", "award": "none", **overrides}


# The list of submissions


def test_list_shows_own_organisations_submissions_only(
    client, member, submission, other_submission
):
    client.force_login(member)
    response = client.get(reverse("submissions:list"))
    assert "Department for Testing" in response.text
    assert "Office for Other Things" not in response.text
    actions_url = reverse("submissions:actions", kwargs={"slug": submission.organisation.slug})
    assert actions_url in response.text


def test_list_offers_leads_a_start_and_an_import_action(client, lead, submission):
    client.force_login(lead)
    response = client.get(reverse("submissions:list"))
    assert reverse("submissions:create") in response.text
    assert reverse("submissions:import") in response.text


def test_list_offers_members_a_start_action_but_no_import(client, member, submission):
    client.force_login(member)
    response = client.get(reverse("submissions:list"))
    assert "Start a submission" in response.text
    assert reverse("submissions:import") not in response.text


def test_dashboard_offers_importing_to_leads_only(client, member, lead):
    for person, offered in ((member, False), (lead, True)):
        client.force_login(person)
        response = client.get(reverse("dashboard"))
        assert "results section by section" in response.text
        assert ("section by section, or import them" in response.text) is offered


def test_project_team_sees_every_submission(client, project_team, submission, other_submission):
    client.force_login(project_team)
    response = client.get(reverse("submissions:list"))
    assert "Department for Testing" in response.text
    assert "Office for Other Things" in response.text


# A lead holds no permissions, which the query loading them says (with their memberships);
# the project team's are read.
LIST_QUERIES = {"project_team": 7, "lead": 7}


@pytest.mark.parametrize("role", ["project_team", "lead"])
@pytest.mark.parametrize("extra", [0, 40], ids=["little data", "much more data"])
def test_list_query_count_does_not_grow_with_the_data(
    client, people, organisation, edition, django_assert_num_queries, extra, role
):
    SubmissionFactory(organisation=organisation, edition=edition)
    for year in range(2040, 2040 + extra):
        other_edition = edition_with_sections(year=year, criteria_round=edition.criteria_round)
        SubmissionFactory(organisation=organisation, edition=other_edition)
        SubmissionFactory(organisation=OrganisationFactory(), edition=other_edition)
    client.force_login(people[role])
    with django_assert_num_queries(LIST_QUERIES[role]):
        response = client.get(reverse("submissions:list"))
    assert response.status_code == 200


# Starting a submission


def test_lead_starts_a_private_draft_submission(client, lead, organisation, edition):
    client.force_login(lead)
    response = client.post(
        reverse("submissions:create"), {"organisation": organisation.pk, "edition": edition.pk}
    )
    submission = Submission.objects.get()
    assert response.url == submission.get_absolute_url()
    assert submission.organisation == organisation
    assert submission.status == Submission.Status.DRAFT
    assert submission.sharing == Submission.Sharing.PRIVATE


def test_start_offers_only_editions_without_a_submission_and_says_they_must_exist(
    client, lead, submission
):
    later = edition_with_sections(year=2020)
    client.force_login(lead)
    page = client.get(reverse("submissions:create")).text
    assert "The index must be on the portal first" in page
    editions = page.split('id="id_edition"')[1].split("</select>")[0]
    assert f'<option value="{later.pk}"' in editions
    assert f'<option value="{submission.edition_id}"' not in editions
    response = client.post(
        reverse("submissions:create"),
        {"organisation": submission.organisation_id, "edition": submission.edition_id},
    )
    assert "Select an index from the list" in response.text
    Submission.objects.create(organisation=submission.organisation, edition=later)
    assert "Every index on the portal already has a submission" in (
        client.get(reverse("submissions:create")).text
    )


def test_second_submission_for_the_same_edition_is_refused(
    client, lead, submission, other_organisation
):
    # With two organisations, an index one of them has started is still offered.
    MembershipFactory(user=lead, network=NetworkFactory(organisation=other_organisation))
    client.force_login(lead)
    response = client.post(
        reverse("submissions:create"),
        {"organisation": submission.organisation_id, "edition": submission.edition_id},
    )
    assert response.status_code == 200
    assert "Department for Testing already has a submission for the 2019 index" in response.text
    assert "<title>Error: Start a submission" in response.text
    assert Submission.objects.count() == 1


def test_lead_cannot_start_a_submission_for_another_organisation(
    client, lead, other_organisation, edition
):
    client.force_login(lead)
    response = client.post(
        reverse("submissions:create"),
        {"organisation": other_organisation.pk, "edition": edition.pk},
    )
    assert "Select an organisation whose network you belong to" in response.text
    assert not Submission.objects.exists()


def test_member_starts_a_submission_for_their_own_organisation_only(
    client, member, organisation, other_organisation, edition
):
    client.force_login(member)
    page = client.get(reverse("submissions:create"))
    assert "any organisation whose staff network you belong to" in page.text
    assert "Office for Other Things" not in page.text
    client.post(
        reverse("submissions:create"),
        {"organisation": other_organisation.pk, "edition": edition.pk},
    )
    assert not Submission.objects.exists()
    response = client.post(
        reverse("submissions:create"), {"organisation": organisation.pk, "edition": edition.pk}
    )
    submission = Submission.objects.get()
    assert response.url == submission.get_absolute_url()
    assert submission.organisation == organisation


# The task list


def test_task_list_shows_each_section_with_its_status(client, lead, submission):
    sections = list(submission.edition.criteria_round.sections.order_by("number"))
    SectionResultFactory(submission=submission, section=sections[0], completed=True)
    SectionResultFactory(submission=submission, section=sections[1], completed=False)
    client.force_login(lead)
    response = client.get(submission.get_absolute_url())
    text = response.text
    assert "govuk-task-list" in text
    assert "About the result" in text
    for section in sections:
        assert url("section", submission, number=section.number) in text
    assert text.count("Completed") == 1
    assert "In progress" in text
    assert "Not started" in text


def test_members_draft_from_the_task_list_but_only_leads_complete_share_or_copy(
    client, member, submission
):
    client.force_login(member)
    response = client.get(submission.get_absolute_url())
    assert response.status_code == 200
    assert url("about", submission) in response.text
    assert url("section", submission, number=1) in response.text
    assert url("recommendation_add", submission) in response.text
    assert url("history", submission) in response.text
    assert url("check", submission) not in response.text
    assert url("sharing", submission) not in response.text
    assert url("copy_forward", submission) not in response.text


def test_member_drafts_the_organisations_submission(client, member, submission):
    client.force_login(member)
    response = post_opened(client, url("about", submission), about_data(total_score="81.5"))
    assert response.url == submission.get_absolute_url()
    response = post_opened(client, url("section", submission, number=1), section_data(score="12"))
    assert response.url == submission.get_absolute_url()
    submission.refresh_from_db()
    assert submission.total_score == Decimal("81.5")
    result = SectionResult.objects.get(submission=submission, section__number=1)
    assert result.score == Decimal("12")
    assert submission.history.filter(history_user=member).exists()


def test_member_cannot_mark_the_submission_complete(client, member, submission):
    complete_everything(submission)
    client.force_login(member)
    assert client.post(url("check", submission)).status_code == 404
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT


# About the result


def test_lead_saves_about_the_result(client, lead, submission):
    client.force_login(lead)
    response = post_opened(
        client,
        url("about", submission),
        about_data(
            total_score="81.5",
            sector_rank="3",
            sector_entrants="29",
            award="top_100",
            date_submitted_0="7",
            date_submitted_1="9",
            date_submitted_2="2018",
            overall_feedback="Strong allies programme.",
        ),
    )
    assert response.url == submission.get_absolute_url()
    submission.refresh_from_db()
    assert submission.total_score == Decimal("81.5")
    assert submission.rank == 12
    assert submission.award == Submission.Award.TOP_100
    assert submission.date_submitted == datetime.date(2018, 9, 7)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"total_score": "12.345"}, "Enter a total score with no more than 2 decimal places"),
        ({"total_score": "-1"}, "Enter a total score between 0 and 100"),
        ({"total_score": "100.01"}, "Enter a total score between 0 and 100"),
        ({"total_score": "eighty"}, "Total score must be a number, like 12.5"),
        ({"total_score": "NaN"}, "Total score must be a number, like 12.5"),
        ({"total_score": "9" * 500}, "Enter a total score between 0 and 100"),
        ({"rank": "0"}, "Enter a rank between 1 and 445"),
        ({"rank": "446"}, "Enter a rank between 1 and 445"),
        ({"rank": "twelve"}, "Overall rank must be a whole number, like 25"),
        ({"rank": "9" * 5000}, "Overall rank must be a whole number, like 25"),
        ({"rank": "9" * 40}, "Enter a rank between 1 and 445"),
        ({"sector_entrants": "-3"}, "Enter the number of entrants in the sector between 1"),
        ({"rank": "1.5"}, "Overall rank must be a whole number, like 25"),
        (
            {"sector_rank": "30", "sector_entrants": "29"},
            "Sector rank must be no more than the number of entrants in the sector",
        ),
        ({"award": "platinum"}, "Select whether the organisation was in the Top 100"),
        ({"award": "gold"}, "Select whether the organisation was in the Top 100"),
        (
            {"date_submitted_0": "31", "date_submitted_1": "2", "date_submitted_2": "2019"},
            "Date submitted must be a real date",
        ),
        (
            {"date_submitted_0": "7", "date_submitted_1": "", "date_submitted_2": "2019"},
            "Date submitted must include a month",
        ),
        (
            {"date_submitted_0": "<b>", "date_submitted_1": "9", "date_submitted_2": "2019"},
            "Date submitted must be a real date",
        ),
        (
            {"overall_feedback": "x" * 10_001},
            "Stonewall&#x27;s overall feedback must be 10,000 characters or fewer",
        ),
    ],
)
def test_bad_about_input_is_refused_and_nothing_saved(client, lead, submission, data, message):
    client.force_login(lead)
    response = post_opened(client, url("about", submission), about_data(**data))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert message in response.text
    assert "<title>Error: About the result" in response.text
    assert_error_links_resolve(response)
    submission.refresh_from_db()
    assert submission.total_score is None
    assert submission.rank is None


def test_total_below_the_sum_of_the_sections_is_refused(client, lead, submission):
    section = submission.edition.criteria_round.sections.get(number=3)
    SectionResultFactory(submission=submission, section=section, score=Decimal("45"))
    client.force_login(lead)
    response = post_opened(client, url("about", submission), about_data(total_score="40"))
    assert "Total score must be at least the sum of the section scores (45" in response.text
    submission.refresh_from_db()
    assert submission.total_score is None


def test_hostile_feedback_is_stored_as_text_and_escaped(client, lead, submission):
    client.force_login(lead)
    hostile = '<script>alert("x")</script>'
    post_opened(client, url("about", submission), about_data(overall_feedback=hostile))
    submission.refresh_from_db()
    assert submission.overall_feedback == hostile
    response = client.get(url("check", submission))
    assert hostile not in response.text
    assert "&lt;script&gt;" in response.text


def test_editing_another_organisations_submission_is_not_found(client, lead, other_submission):
    client.force_login(lead)
    response = post_opened(client, url("about", other_submission), about_data())
    assert response.status_code == 404
    response = post_opened(client, url("section", other_submission, number=1), section_data())
    assert response.status_code == 404
    other_submission.refresh_from_db()
    assert other_submission.total_score is None
    assert not SectionResult.objects.exists()


# Sections


def test_lead_saves_a_section_and_can_come_back_later(client, lead, submission):
    client.force_login(lead)
    response = post_opened(
        client, url("section", submission, number=1), section_data(score="12.5", completed="no")
    )
    assert response.url == submission.get_absolute_url()
    result = SectionResult.objects.get()
    assert result.score == Decimal("12.5")
    assert result.owner == SectionResult.Owner.NETWORK
    assert not result.completed
    page = client.get(url("section", submission, number=1))
    assert 'value="12.50"' in page.text
    assert "In progress" in client.get(submission.get_absolute_url()).text


def test_stonewalls_averages_are_saved_with_the_section(client, lead, submission):
    client.force_login(lead)
    post_opened(
        client,
        url("section", submission, number=1),
        section_data(all_entrants_average="8.25", sector_average="9", top_100_average="15.5"),
    )
    result = SectionResult.objects.get()
    assert result.all_entrants_average == Decimal("8.25")
    assert result.top_100_average == Decimal("15.5")
    page = client.get(url("section", submission, number=1))
    assert 'id="id_sector_average"' in page.text


def test_section_that_is_not_in_the_edition_is_not_found(client, lead, submission):
    client.force_login(lead)
    assert client.get(url("section", submission, number=9)).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "1.234"}, "Enter a score with no more than 2 decimal places"),
        ({"score": "-0.5"}, "Enter a score between 0 and 20"),
        ({"score": "20.5"}, "Enter a score between 0 and 20"),
        ({"score": "lots"}, "Score must be a number, like 12.5"),
        ({"score": "1e400"}, "Enter a score between 0 and 20"),
        ({"owner": "<script>"}, "Select who owns the answer"),
        ({"completed": ""}, "Select whether you have completed this section"),
        ({"comment": "x" * 5001}, "Stonewall&#x27;s comment must be 5,000 characters or fewer"),
        (
            {"sector_average": "abc"},
            "Average of the sector must be a number, like 12.5",
        ),
    ],
)
def test_bad_section_input_is_refused_and_nothing_saved(client, lead, submission, data, message):
    client.force_login(lead)
    response = post_opened(client, url("section", submission, number=1), section_data(**data))
    assert response.status_code == 200
    assert message in response.text
    assert "<title>Error: 1. Section 1" in response.text
    assert_error_links_resolve(response)
    assert not SectionResult.objects.exists()


def test_section_scores_may_not_exceed_the_total(client, lead, submission):
    submission.total_score = Decimal("30")
    submission.save()
    section = submission.edition.criteria_round.sections.get(number=3)
    SectionResultFactory(submission=submission, section=section, score=Decimal("25"))
    client.force_login(lead)
    response = post_opened(client, url("section", submission, number=1), section_data(score="6"))
    assert "Enter a score of no more than 5" in response.text
    assert not SectionResult.objects.filter(section__number=1).exists()


# Check your answers


def complete_everything(submission, total="97.5"):
    submission.total_score = Decimal(total)
    submission.rank = 10
    submission.save()
    for maximum in submission.edition.section_maxima.select_related("section"):
        SectionResultFactory(
            submission=submission,
            section=maximum.section,
            score=maximum.maximum - 1,
            completed=True,
        )


def test_check_answers_lists_every_answer_with_change_links(client, lead, submission):
    complete_everything(submission)
    client.force_login(lead)
    response = client.get(url("check", submission))
    assert "govuk-summary-list" in response.text
    assert url("about", submission) in response.text
    assert url("section", submission, number=3) in response.text
    assert "49 out of 50" in response.text


def test_incomplete_submission_cannot_be_marked_complete(client, lead, submission):
    client.force_login(lead)
    response = client.post(url("check", submission))
    assert response.status_code == 200
    assert "<title>Error: Check your answers" in response.text
    assert "Enter the total score in About the result" in response.text
    assert "Complete section 2, Section 2" in response.text
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT


def test_complete_submission_is_marked_complete(client, lead, submission):
    complete_everything(submission)
    client.force_login(lead)
    response = client.post(url("check", submission))
    assert response.url == submission.get_absolute_url()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.COMPLETE


def test_marking_complete_is_only_by_post(client, lead, submission):
    complete_everything(submission)
    client.force_login(lead)
    client.get(url("check", submission))
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT


# Sharing


def test_sharing_is_private_by_default_and_change_is_recorded(client, lead, submission):
    assert submission.sharing == Submission.Sharing.PRIVATE
    client.force_login(lead)
    response = client.post(url("sharing", submission), {"sharing": "anonymous"})
    assert response.url == submission.get_absolute_url()
    submission.refresh_from_db()
    assert submission.sharing == Submission.Sharing.ANONYMOUS
    assert submission.sharing_changed_by == lead
    assert submission.sharing_changed_at is not None
    page = client.get(url("sharing", submission))
    assert "Last changed by" in page.text


def test_unknown_sharing_level_is_refused(client, lead, submission):
    client.force_login(lead)
    response = client.post(url("sharing", submission), {"sharing": "public"})
    assert "Select who can see this submission&#x27;s results" in response.text
    submission.refresh_from_db()
    assert submission.sharing == Submission.Sharing.PRIVATE
    assert submission.sharing_changed_by is None


@pytest.mark.parametrize("role", ["member", "other_lead", "project_team", "admin"])
def test_only_the_organisations_leads_change_sharing(client, people, submission, role):
    client.force_login(people[role])
    assert client.get(url("sharing", submission)).status_code == 404
    response = client.post(url("sharing", submission), {"sharing": "named"})
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.sharing == Submission.Sharing.PRIVATE
    assert submission.sharing_changed_by is None


@pytest.mark.parametrize("role", ["project_team", "admin"])
def test_project_team_corrects_results_without_a_sharing_link(client, people, submission, role):
    client.force_login(people[role])
    page = client.get(submission.get_absolute_url())
    assert url("about", submission) in page.text
    assert url("sharing", submission) not in page.text
    response = post_opened(client, url("about", submission), about_data(total_score="70"))
    assert response.url == submission.get_absolute_url()
    submission.refresh_from_db()
    assert submission.total_score == Decimal("70")
    assert submission.sharing == Submission.Sharing.PRIVATE


def test_the_sharing_service_refuses_the_project_team(project_team, submission):
    with pytest.raises(PermissionDenied):
        services.submission_set_sharing(submission=submission, sharing="named", user=project_team)
    submission.refresh_from_db()
    assert submission.sharing == Submission.Sharing.PRIVATE


# An edition's read-only page


def test_edition_page_lists_sections_with_their_maximums(client, member, edition):
    client.force_login(member)
    response = client.get(reverse("submissions:edition", kwargs={"year": 2019}))
    assert "<title>2019 index" in response.text
    assert "3. Section 3" in response.text
    assert "govuk-warning-text__text" not in response.text.split("<main")[1]


def test_edition_page_warns_when_maximums_do_not_add_up(client, member, edition):
    edition.maximum_total = Decimal("150")
    edition.save()
    client.force_login(member)
    response = client.get(reverse("submissions:edition", kwargs={"year": 2019}))
    assert "but the edition&#x27;s maximum total is 150" in response.text


EDITION_QUERIES = 6


@pytest.mark.parametrize("sections", [2, 20], ids=["little data", "much more data"])
def test_edition_page_query_count_does_not_grow_with_the_data(
    client, member, django_assert_num_queries, sections
):
    edition_with_sections(year=2016, maxima=[10] * sections)
    client.force_login(member)
    with django_assert_num_queries(EDITION_QUERIES):
        response = client.get(reverse("submissions:edition", kwargs={"year": 2016}))
    assert response.status_code == 200


def test_change_from_check_answers_returns_to_check_answers(client, lead, submission):
    client.force_login(lead)
    check = reverse("submissions:check", kwargs={"pk": submission.pk})
    about = reverse("submissions:about", kwargs={"pk": submission.pk})
    section = reverse("submissions:section", kwargs={"pk": submission.pk, "number": 2})
    page = client.get(check).text
    assert f'href="{about}?return=check"' in page
    assert f'href="{section}?return=check"' in page
    form = client.get(f"{section}?return=check").text
    assert f'href="{check}" class="govuk-back-link">Back to check your answers' in form
    response = post_opened(client, f"{about}?return=check", {"total_score": "70", "award": "none"})
    assert response.url == check
    response = post_opened(client, f"{section}?return=check", {"score": "11", "completed": "no"})
    assert response.url == check
    # Otherwise saving returns to the task list, and nothing else is a way out.
    response = post_opened(client, f"{about}?return=https://evil.example", {"award": "none"})
    assert response.url == submission.get_absolute_url()


def test_about_offers_only_the_awards_of_the_year_and_preselects_nothing(client, lead, submission):
    client.force_login(lead)
    about = reverse("submissions:about", kwargs={"pk": submission.pk})
    page = client.get(about).text
    assert 'value="top_100"' in page
    assert "Not in the Top 100" in page
    assert 'value="gold"' not in page
    assert "checked" not in page.split('name="award"')[1].split("</fieldset>")[0]
    response = post_opened(client, about, {"total_score": "70"})
    assert "Select whether the organisation was in the Top 100" in response.text
    post_opened(client, about, {"total_score": "70", "award": "none"})
    assert re.search(r'value="none"\s*checked', client.get(about).text)

    later = SubmissionFactory(
        organisation=submission.organisation, edition=edition_with_sections(year=2022)
    )
    later_about = reverse("submissions:about", kwargs={"pk": later.pk})
    page = client.get(later_about).text
    assert all(f'value="{award}"' in page for award in ("gold", "silver", "bronze", "none"))
    assert 'value="top_100"' not in page
    response = post_opened(client, later_about, {"award": "top_100"})
    assert "Select the award, or No award" in response.text


def test_project_team_sorts_the_submissions_list_without_javascript(
    client, project_team, edition, django_assert_num_queries
):
    for name, rank, total in [("Beta", 30, "50"), ("Alpha", None, None), ("Gamma", 5, "90")]:
        SubmissionFactory(
            organisation=OrganisationFactory(name=f"{name} Office"),
            edition=edition,
            rank=rank,
            total_score=total,
        )
    client.force_login(project_team)

    def order(sort):
        text = client.get(reverse("submissions:list"), {"sort": sort}).text
        names = re.findall(r">(\w+) Office<span", text)
        return names, text

    assert order("organisation")[0] == ["Alpha", "Beta", "Gamma"]
    assert order("-organisation")[0] == ["Gamma", "Beta", "Alpha"]
    # Figures not entered sort last, either way.
    assert order("rank")[0] == ["Gamma", "Beta", "Alpha"]
    assert order("-total")[0] == ["Gamma", "Beta", "Alpha"]
    _names, text = order("rank")
    assert 'aria-sort="ascending"' in text
    assert 'href="?sort=-rank"' in text
    assert "sorted by rank" in text
    assert 'aria-sort="descending"' in order("-rank")[1]
    # Anything else is the default order, and nothing typed is echoed.
    _names, text = order("<script>alert(1)</script>")
    assert "sorted by index (descending)" in text
    assert "<script>alert(1)" not in text
    with django_assert_num_queries(LIST_QUERIES["project_team"]):
        client.get(reverse("submissions:list"), {"sort": "-total"})
