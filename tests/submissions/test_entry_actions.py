"""Recommendations and actions, the action list, copy forward and the history page."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from submissions.models import Recommendation, SectionResult, Submission
from tests.locking import post_opened
from tests.submissions.factories import (
    CriteriaRoundFactory,
    RecommendationFactory,
    SectionFactory,
    SectionResultFactory,
    SubmissionFactory,
    edition_with_sections,
)
from tests.submissions.test_entry import assert_error_links_resolve


def url(name, submission, **kwargs):
    return reverse(f"submissions:{name}", kwargs={"pk": submission.pk, **kwargs})


def recommendation_data(**overrides):
    return {
        "text": "Set up an allies programme.",
        "section": "",
        "action_owner": "Network chair",
        "due_date_0": "31",
        "due_date_1": "3",
        "due_date_2": "2026",
        "status": "open",
        **overrides,
    }


# Recommendations


def test_lead_adds_a_recommendation_for_a_section(client, lead, submission):
    section = submission.edition.criteria_round.sections.get(number=2)
    client.force_login(lead)
    response = client.post(
        url("recommendation_add", submission), recommendation_data(section=section.pk)
    )
    assert response.url == submission.get_absolute_url()
    recommendation = Recommendation.objects.get()
    assert recommendation.submission == submission
    assert recommendation.section == section
    assert recommendation.due_date == datetime.date(2026, 3, 31)
    page = client.get(submission.get_absolute_url())
    assert "Set up an allies programme." in page.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Enter the recommendation"),
        ({"text": "x" * 5001}, "Recommendation must be 5,000 characters or fewer"),
        ({"action_owner": "x" * 201}, "Action owner must be 200 characters or fewer"),
        ({"status": "finished"}, "Select a status"),
        ({"section": "999999"}, "Select a section from the list"),
        ({"section": "abc"}, "Select a section from the list"),
        ({"due_date_1": "13"}, "Due date must be a real date"),
        ({"due_date_2": "99999"}, "Due date must be a real date"),
    ],
)
def test_bad_recommendation_input_is_refused_and_nothing_saved(
    client, lead, submission, data, message
):
    client.force_login(lead)
    response = client.post(url("recommendation_add", submission), recommendation_data(**data))
    assert response.status_code == 200
    assert message in response.text
    assert "<title>Error: Add a recommendation" in response.text
    assert_error_links_resolve(response)
    assert not Recommendation.objects.exists()


def test_section_from_another_round_is_refused(client, lead, submission):
    foreign = SectionFactory(
        criteria_round=CriteriaRoundFactory(name="2022–2024", first_year=2022, last_year=2024)
    )
    client.force_login(lead)
    response = client.post(
        url("recommendation_add", submission), recommendation_data(section=foreign.pk)
    )
    assert "Select a section from the list" in response.text
    assert not Recommendation.objects.exists()


def test_lead_changes_an_actions_status(client, lead, recommendation):
    client.force_login(lead)
    response = post_opened(
        client,
        url("recommendation_edit", recommendation.submission, recommendation_pk=recommendation.pk),
        recommendation_data(status="done"),
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DONE


def test_deleting_a_recommendation_asks_first_and_needs_post(client, lead, recommendation):
    client.force_login(lead)
    delete_url = url(
        "recommendation_delete", recommendation.submission, recommendation_pk=recommendation.pk
    )
    page = client.get(delete_url)
    assert "Are you sure you want to delete this recommendation?" in page.text
    assert Recommendation.objects.exists()
    client.post(delete_url)
    assert not Recommendation.objects.exists()


def test_recommendation_of_another_organisation_is_not_found(
    client, lead, submission, other_submission
):
    foreign = RecommendationFactory(submission=other_submission)
    client.force_login(lead)
    # Through the lead's own submission's URL, too: the recommendation must belong to it.
    for pk in (other_submission.pk, submission.pk):
        response = client.post(
            reverse(
                "submissions:recommendation_delete",
                kwargs={"pk": pk, "recommendation_pk": foreign.pk},
            )
        )
        assert response.status_code == 404
    assert Recommendation.objects.filter(pk=foreign.pk).exists()


# The organisation's action list


def test_action_list_shows_overdue_actions_first_and_tagged(client, member, submission):
    today = timezone.localdate()
    RecommendationFactory(
        submission=submission, text="Later action", due_date=today + datetime.timedelta(days=30)
    )
    RecommendationFactory(
        submission=submission,
        text="Overdue action",
        due_date=today - datetime.timedelta(days=3),
        status=Recommendation.Status.IN_PROGRESS,
    )
    RecommendationFactory(
        submission=submission,
        text="Finished action",
        due_date=today - datetime.timedelta(days=60),
        status=Recommendation.Status.DONE,
    )
    client.force_login(member)
    response = client.get(
        reverse("submissions:actions", kwargs={"slug": submission.organisation.slug})
    )
    text = response.text
    assert text.index("Overdue action") < text.index("Later action") < text.index("Finished")
    assert text.count('govuk-tag--red">Overdue') == 1
    assert "1 action is overdue" in text


def test_other_organisations_action_list_is_not_found(client, other_lead, submission):
    client.force_login(other_lead)
    response = client.get(
        reverse("submissions:actions", kwargs={"slug": submission.organisation.slug})
    )
    assert response.status_code == 404


# The person's memberships come with them, in the query that loads them.
ACTION_LIST_QUERIES = 9


@pytest.mark.parametrize("extra", [0, 40], ids=["little data", "much more data"])
def test_action_list_query_count_does_not_grow_with_the_data(
    client, lead, submission, django_assert_num_queries, extra
):
    sections = list(submission.edition.criteria_round.sections.all())
    for number in range(extra + 1):
        RecommendationFactory(
            submission=submission,
            section=sections[number % len(sections)] if number % 2 else None,
            due_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        )
    client.force_login(lead)
    with django_assert_num_queries(ACTION_LIST_QUERIES):
        response = client.get(
            reverse("submissions:actions", kwargs={"slug": submission.organisation.slug})
        )
    assert response.status_code == 200


DETAIL_QUERIES = 7


@pytest.mark.parametrize("extra", [0, 30], ids=["little data", "much more data"])
def test_task_list_query_count_does_not_grow_with_the_data(
    client, lead, submission, django_assert_num_queries, extra
):
    for section in submission.edition.criteria_round.sections.all():
        SectionResultFactory(submission=submission, section=section)
    for _ in range(extra + 1):
        RecommendationFactory(submission=submission)
    client.force_login(lead)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(submission.get_absolute_url())
    assert response.status_code == 200


# Copy forward


def test_copy_forward_carries_owners_and_open_actions_but_not_scores(
    client, lead, submission, edition
):
    later = edition_with_sections(year=2020, criteria_round=edition.criteria_round)
    sections = {s.number: s for s in edition.criteria_round.sections.all()}
    SectionResultFactory(
        submission=submission,
        section=sections[1],
        score=Decimal("18"),
        comment="Strong policies",
        owner=SectionResult.Owner.HR,
        completed=True,
    )
    SectionResultFactory(submission=submission, section=sections[2], score=Decimal("9"))
    RecommendationFactory(submission=submission, text="Open one", section=sections[1])
    RecommendationFactory(
        submission=submission, text="Done one", status=Recommendation.Status.DONE
    )
    client.force_login(lead)
    response = client.post(url("copy_forward", submission), {"edition": later.pk})
    copied = Submission.objects.get(edition=later)
    assert response.url == copied.get_absolute_url()
    assert copied.organisation == submission.organisation
    results = list(copied.results.all())
    assert [(r.section.number, r.owner, r.score, r.comment, r.completed) for r in results] == [
        (1, SectionResult.Owner.HR, None, "", False)
    ]
    assert not copied.recommendations.exists()
    assert [(r.text, r.section, r.submission) for r in copied.carried_recommendations.all()] == [
        ("Open one", sections[1], submission)
    ]
    assert Recommendation.objects.count() == 2
    assert copied.total_score is None
    assert copied.sharing == Submission.Sharing.PRIVATE


def test_copy_forward_into_a_new_round_matches_sections_by_name(client, lead, submission):
    new_round = CriteriaRoundFactory(name="2022–2024", first_year=2022, last_year=2024)
    later = edition_with_sections(year=2022, maxima=(60, 40), criteria_round=new_round)
    first = submission.edition.criteria_round.sections.get(number=1)
    SectionResultFactory(
        submission=submission, section=first, owner=SectionResult.Owner.CENTRAL, score=None
    )
    RecommendationFactory(submission=submission, section=first, text="Carry me")
    client.force_login(lead)
    client.post(url("copy_forward", submission), {"edition": later.pk})
    copied = Submission.objects.get(edition=later)
    result = copied.results.get()
    assert result.section.criteria_round == new_round
    assert result.owner == SectionResult.Owner.CENTRAL
    # The action is the earlier year's, tagged to the section its feedback named.
    assert copied.carried_recommendations.get().section == first


def test_copy_forward_offers_only_later_editions_without_a_submission(
    client, lead, submission, edition
):
    earlier = edition_with_sections(year=2018, criteria_round=edition.criteria_round)
    taken = edition_with_sections(year=2020, criteria_round=edition.criteria_round)
    SubmissionFactory(organisation=submission.organisation, edition=taken)
    client.force_login(lead)
    page = client.get(url("copy_forward", submission))
    assert "already has a submission for every later index" in page.text
    for target in (earlier, taken, edition):
        response = client.post(url("copy_forward", submission), {"edition": target.pk})
        assert "Select an index from the list" in response.text
    assert Submission.objects.count() == 2


# History


def test_history_shows_who_changed_which_fields_old_to_new(client, lead, submission):
    client.force_login(lead)
    post_opened(
        client, url("about", submission), {"total_score": "70", "rank": "40", "award": "none"}
    )
    post_opened(
        client, url("about", submission), {"total_score": "72.5", "rank": "40", "award": "top_100"}
    )
    post_opened(
        client,
        url("section", submission, number=2),
        {"score": "11", "owner": "hr", "completed": "no"},
    )
    post_opened(
        client,
        url("section", submission, number=2),
        {"score": "12", "owner": "hr", "completed": "yes"},
    )
    response = client.get(url("history", submission))
    text = response.text
    assert escape(str(lead)) in text
    assert "Total score: 70.00 → 72.50" in text
    assert "Award: None → Top 100" in text
    assert "Score: 11.00 → 12.00" in text
    assert "Completed: No → Yes" in text
    assert "Section 2, Section 2" in text


HISTORY_QUERIES = 7


@pytest.mark.parametrize("changes", [1, 25], ids=["little data", "much more data"])
def test_history_query_count_does_not_grow_with_the_data(
    client, lead, submission, django_assert_num_queries, changes
):
    sections = list(submission.edition.criteria_round.sections.all())
    results = [SectionResultFactory(submission=submission, section=s) for s in sections]
    for change in range(changes):
        submission.total_score = Decimal(change)
        submission.save()
        results[change % len(results)].score = Decimal(change % 10)
        results[change % len(results)].save()
    client.force_login(lead)
    with django_assert_num_queries(HISTORY_QUERIES):
        response = client.get(url("history", submission))
    assert response.status_code == 200


def test_history_is_for_the_organisations_people_who_enter_it(
    client, member, other_lead, submission
):
    client.force_login(member)
    assert client.get(url("history", submission)).status_code == 200
    client.force_login(other_lead)
    assert client.get(url("history", submission)).status_code == 404


# An action carried forward is one record, shown on both years


def overdue_action(submission, text="Overdue action"):
    return RecommendationFactory(
        submission=submission,
        text=text,
        due_date=timezone.localdate() - datetime.timedelta(days=5),
        status=Recommendation.Status.OPEN,
    )


def test_copy_forward_carries_the_same_action_not_a_copy(client, lead, submission, edition):
    later = edition_with_sections(year=2020, criteria_round=edition.criteria_round)
    action = overdue_action(submission)
    client.force_login(lead)
    actions_url = reverse("submissions:actions", kwargs={"slug": submission.organisation.slug})
    assert "1 action is overdue" in client.get(actions_url).text

    client.post(url("copy_forward", submission), {"edition": later.pk})
    copied = Submission.objects.get(edition=later)
    assert Recommendation.objects.get() == action
    assert list(action.carried_into.all()) == [copied]

    text = client.get(actions_url).text
    assert text.count("Overdue action") == 1
    assert "1 action is overdue" in text
    assert "carried into" in text

    later_page = client.get(copied.get_absolute_url()).text
    assert "Open actions carried forward from earlier feedback" in later_page
    assert "2019 index feedback" in later_page
    assert "No recommendations recorded from the 2020 index feedback yet" in later_page
    # Changing it from the later year changes the one record.
    edit = reverse(
        "submissions:recommendation_edit",
        kwargs={"pk": submission.pk, "recommendation_pk": action.pk},
    )
    assert f'href="{edit}"' in later_page
    assert "was carried forward into the 2020 submission" in client.get(edit).text
    delete = reverse(
        "submissions:recommendation_delete",
        kwargs={"pk": submission.pk, "recommendation_pk": action.pk},
    )
    assert "deleting it removes it there too" in client.get(delete).text
    post_opened(client, edit, recommendation_data(text="Overdue action", status="done"))
    action.refresh_from_db()
    assert action.status == Recommendation.Status.DONE
    assert "overdue" not in client.get(actions_url).text.split("<main")[1].split("<table")[0]


def test_an_action_carried_twice_is_still_one_record(client, lead, submission, edition):
    middle = edition_with_sections(year=2020, criteria_round=edition.criteria_round)
    last = edition_with_sections(year=2021, criteria_round=edition.criteria_round)
    action = overdue_action(submission)
    client.force_login(lead)
    client.post(url("copy_forward", submission), {"edition": middle.pk})
    second = Submission.objects.get(edition=middle)
    client.post(url("copy_forward", second), {"edition": last.pk})
    third = Submission.objects.get(edition=last)
    assert Recommendation.objects.count() == 1
    assert set(action.carried_into.all()) == {second, third}


def test_finished_actions_are_not_carried(client, lead, submission, edition):
    later = edition_with_sections(year=2020, criteria_round=edition.criteria_round)
    RecommendationFactory(submission=submission, status=Recommendation.Status.ALREADY_IN_PLACE)
    client.force_login(lead)
    client.post(url("copy_forward", submission), {"edition": later.pk})
    assert not Submission.objects.get(edition=later).carried_recommendations.exists()


def test_migration_turns_copied_actions_into_one_carried_action(submission, edition):
    later = SubmissionFactory(
        organisation=submission.organisation,
        edition=edition_with_sections(year=2020, criteria_round=edition.criteria_round),
    )
    original = RecommendationFactory(submission=submission, text="Allies", status="open")
    RecommendationFactory(
        submission=later, text="Allies", status="in_progress", action_owner="New owner"
    )
    separate = RecommendationFactory(submission=later, text="Only in 2020")
    foreign = RecommendationFactory(
        submission=SubmissionFactory(edition=later.edition), text="Allies"
    )
    migration = importlib.import_module(
        "submissions.migrations.0009_carried_actions_replace_copies"
    )
    migration.carry_instead_of_copy(django_apps, None)
    assert set(Recommendation.objects.all()) == {original, separate, foreign}
    original.refresh_from_db()
    assert (original.status, original.action_owner) == ("in_progress", "New owner")
    assert list(original.carried_into.all()) == [later]


# Filters and links on the action list


def test_action_list_filters_by_status_and_year(client, member, submission, edition):
    later = SubmissionFactory(
        organisation=submission.organisation,
        edition=edition_with_sections(year=2020, criteria_round=edition.criteria_round),
    )
    carried = RecommendationFactory(submission=submission, text="Carried on", status="open")
    carried.carried_into.add(later)
    RecommendationFactory(submission=submission, text="Finished long ago", status="done")
    RecommendationFactory(submission=later, text="New in 2020", status="in_progress")
    client.force_login(member)
    actions_url = reverse("submissions:actions", kwargs={"slug": submission.organisation.slug})

    def shown(**query):
        text = client.get(actions_url, query).text
        return {t for t in ("Carried on", "Finished long ago", "New in 2020") if t in text}

    assert shown() == {"Carried on", "Finished long ago", "New in 2020"}
    assert shown(status="done") == {"Finished long ago"}
    assert shown(year="2020") == {"Carried on", "New in 2020"}
    assert shown(year="2019", status="open") == {"Carried on"}
    response = client.get(actions_url, {"status": "<script>", "year": "1900"})
    assert "Select a status from the list" in response.text
    assert "Select an index from the list" in response.text
    assert response.text.startswith("<!DOCTYPE html>") or "Error: Actions" in response.text
    assert "<script>" not in response.text.split("<main")[1].replace("<script nonce", "")


def test_action_list_links_to_change_an_action_and_open_its_submission(
    client, member, other_lead, submission
):
    action = RecommendationFactory(submission=submission, text="Linked")
    edit = reverse(
        "submissions:recommendation_edit",
        kwargs={"pk": submission.pk, "recommendation_pk": action.pk},
    )
    client.force_login(member)
    text = client.get(
        reverse("submissions:actions", kwargs={"slug": submission.organisation.slug})
    ).text
    assert f'href="{edit}"' in text
    assert f'href="{submission.get_absolute_url()}"' in text
