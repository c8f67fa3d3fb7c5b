"""The dashboard's "What needs doing": per role, this year's submission and its parts,
overdue actions, drafts waiting for a lead and good practice for the project team to check."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions.models import Recommendation, Submission
from tests.guidance.factories import EntryFactory, PublishedEntryFactory
from tests.networks.factories import MembershipFactory, NetworkFactory, OrganisationFactory
from tests.submissions.factories import (
    RecommendationFactory,
    SectionResultFactory,
    SubmissionFactory,
)


def dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("dashboard")).text


def test_member_sees_this_years_submission_and_parts_done(client, member, submission):
    sections = list(submission.edition.criteria_round.sections.order_by("number"))
    SectionResultFactory(submission=submission, section=sections[0], completed=True)
    SectionResultFactory(submission=submission, section=sections[1], completed=False)
    text = dashboard(client, member)
    assert "What needs doing" in text
    assert f'href="{submission.get_absolute_url()}">The 2019 index submission</a>' in text
    # Three sections and "About the result".
    assert "1 of 4 parts done" in text
    assert "ready for you to check" not in text


def test_lead_is_told_when_every_part_is_done(client, lead, submission):
    for section in submission.edition.criteria_round.sections.all():
        SectionResultFactory(submission=submission, section=section, completed=True)
    submission.total_score = Decimal(50)
    submission.rank = 10
    submission.save()
    text = dashboard(client, lead)
    assert "4 of 4 parts done" in text
    assert reverse("submissions:check", kwargs={"pk": submission.pk}) in text
    submission.status = Submission.Status.COMPLETE
    submission.save()
    assert "4 of 4" not in dashboard(client, lead)


def test_submission_not_started_offers_to_start_it(client, member, edition):
    text = dashboard(client, member)
    assert "The 2019 index submission has not been started" in text
    assert reverse("submissions:create") in text


def test_overdue_actions_are_counted_once_for_the_organisation(
    client, member, submission, other_submission
):
    past = timezone.localdate() - datetime.timedelta(days=3)
    action = RecommendationFactory(submission=submission, due_date=past)
    RecommendationFactory(submission=submission, due_date=past, status="done")
    RecommendationFactory(submission=other_submission, due_date=past)
    later = SubmissionFactory(organisation=submission.organisation, edition__year=2020)
    action.carried_into.add(later)
    text = dashboard(client, member)
    assert "1 overdue action" in text
    assert "2 overdue" not in text


def test_lead_sees_drafts_waiting_to_be_published_and_member_sees_their_own(
    client, member, lead, network, other_network
):
    waiting = EntryFactory(network=network, author=member, title="Reverse mentoring")
    EntryFactory(network=other_network, title="Someone else's draft")
    PublishedEntryFactory(network=network, title="Already out")
    lead_text = dashboard(client, lead)
    assert "Good practice waiting for you to publish" in lead_text
    assert waiting.get_absolute_url() in lead_text
    assert "Someone else" not in lead_text
    assert "Already out" not in lead_text
    member_text = dashboard(client, member)
    assert "Good practice waiting for you to publish" not in member_text
    assert "waiting for a lead of Testing Pride to publish it" in member_text


def test_project_team_sees_the_portal_picture_and_good_practice_to_check(
    client, project_team, submission, other_submission
):
    other_submission.status = Submission.Status.COMPLETE
    other_submission.save()
    recent = PublishedEntryFactory(title="Lately published")
    PublishedEntryFactory(
        title="Long ago", published_at=timezone.now() - datetime.timedelta(days=90)
    )
    text = dashboard(client, project_team)
    assert "Submissions for the 2019 index</a>:\n      1 complete, 1 draft" in text
    assert "Good practice published in the last 30 days" in text
    assert recent.get_absolute_url() in text
    assert "Long ago" not in text


def test_hostile_titles_are_escaped(client, lead, network):
    EntryFactory(network=network, title="<script>alert(1)</script>")
    text = dashboard(client, lead)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in text


# Session, user (with their memberships), data version, the person's networks, the current
# edition, organisations, submissions, overdue actions, drafts, then the guidance tag's visit
# record and news; members and leads hold no permissions, which the query loading them says.
DASHBOARD_QUERIES = {"member": 11, "lead": 11, "project_team": 11}


@pytest.mark.parametrize("size", [1, 12])
@pytest.mark.parametrize("role", sorted(DASHBOARD_QUERIES))
def test_dashboard_runs_a_fixed_number_of_queries(
    client, people, edition, network, django_assert_num_queries, role, size
):
    user = people[role]
    for _ in range(size):
        organisation = OrganisationFactory()
        other = NetworkFactory(organisation=organisation)
        MembershipFactory(user=people["member"], network=other)
        MembershipFactory(user=people["lead"], network=other, role="lead")
        submission = SubmissionFactory(organisation=organisation, edition=edition)
        SectionResultFactory(
            submission=submission,
            section=edition.criteria_round.sections.get(number=1),
            completed=True,
        )
        RecommendationFactory(
            submission=submission,
            due_date=datetime.date(2020, 1, 1),
            status=Recommendation.Status.OPEN,
        )
        EntryFactory(network=other)
        PublishedEntryFactory(network=other)
    client.force_login(user)
    client.get(reverse("dashboard"))
    with django_assert_num_queries(DASHBOARD_QUERIES[role]):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
