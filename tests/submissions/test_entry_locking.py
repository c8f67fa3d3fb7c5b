"""No lost updates and no broken sums: two people editing the same thing from forms opened
at the same moment, and two saves or starts at the same moment."""

import threading
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from submissions import services
from submissions.models import Recommendation, SectionResult, Submission
from tests.locking import opened_version
from tests.networks.factories import OrganisationFactory
from tests.submissions.factories import SubmissionFactory
from weiportal.locking import CONFLICT_MESSAGE, EditConflict

CONFLICT = "This was changed by someone else since you opened it"


def url(name, submission, **kwargs):
    return reverse(f"submissions:{name}", kwargs={"pk": submission.pk, **kwargs})


def section_data(version, **overrides):
    return {
        "lock_version": version,
        "score": "15",
        "comment": "Good",
        "owner": "network",
        "completed": "yes",
        **overrides,
    }


def test_the_message_is_the_govuk_one():
    assert CONFLICT_MESSAGE == CONFLICT


@pytest.mark.parametrize("existing", [False, True], ids=["new-result", "existing-result"])
def test_a_section_saved_from_a_stale_form_is_refused_with_their_values(
    client, lead, member, submission, existing
):
    section = submission.edition.criteria_round.sections.get(number=1)
    if existing:
        SectionResult.objects.create(submission=submission, section=section, score=Decimal(3))
    address = url("section", submission, number=1)
    client.force_login(lead)
    opened = opened_version(client, address)
    assert opened == ("1" if existing else "0")
    # Someone else saves first, from a form opened at the same moment.
    first = client.post(address, section_data(opened, score="12", comment="Their comment"))
    assert first.status_code == 302
    response = client.post(address, section_data(opened, score="7", comment="My comment"))
    assert response.status_code == 200
    assert CONFLICT in response.text
    assert "<title>Error: " in response.text
    page = response.text.split('id="edit-conflict"')[1].split("</dl>")[0]
    assert "Their comment" in page and "Yours: My comment" in page
    assert "12" in page
    # Nothing overwritten; the person's own answers are still in the form.
    result = SectionResult.objects.get(submission=submission, section=section)
    assert (result.score, result.comment) == (Decimal(12), "Their comment")
    assert "My comment</textarea>" in response.text
    # Saving again, having seen their values, is a deliberate choice and goes through.
    version = opened_version_in(response)
    assert version == str(result.lock_version)
    again = client.post(address, section_data(version, score="7", comment="My comment"))
    assert again.status_code == 302
    assert SectionResult.objects.get(pk=result.pk).comment == "My comment"


def opened_version_in(response):
    import re

    return re.search(r'name="lock_version" value="(\d+)"', response.text).group(1)


def test_about_saved_from_a_stale_form_is_refused_with_their_values(client, lead, submission):
    address = url("about", submission)
    client.force_login(lead)
    opened = opened_version(client, address)
    data = {"lock_version": opened, "rank": "12", "award": "none"}
    assert client.post(address, data | {"total_score": "80", "rank": "9"}).status_code == 302
    response = client.post(address, data | {"total_score": "70", "overall_feedback": "Mine"})
    assert CONFLICT in response.text
    page = response.text.split('id="edit-conflict"')[1].split("</dl>")[0]
    assert "80" in page and "Yours: 70" in page
    submission.refresh_from_db()
    assert (submission.total_score, submission.rank, submission.overall_feedback) == (
        Decimal(80),
        9,
        "",
    )


def test_a_recommendation_saved_from_a_stale_form_is_refused(client, lead, recommendation):
    address = url(
        "recommendation_edit", recommendation.submission, recommendation_pk=recommendation.pk
    )
    client.force_login(lead)
    opened = opened_version(client, address)
    data = {
        "lock_version": opened,
        "text": recommendation.text,
        "section": "",
        "action_owner": "Network chair",
        "status": "open",
    }
    assert client.post(address, data | {"status": "done"}).status_code == 302
    response = client.post(address, data | {"action_owner": "HR director"})
    assert CONFLICT in response.text
    page = response.text.split('id="edit-conflict"')[1].split("</dl>")[0]
    assert "Done" in page and "Yours: Open" in page
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.action_owner) == (
        Recommendation.Status.DONE,
        "Network chair",
    )


@pytest.mark.parametrize("version", ["", "abc", "-1", "99999999999999999999"])
def test_a_missing_or_nonsense_version_is_a_clear_error(client, lead, submission, version):
    client.force_login(lead)
    response = client.post(url("section", submission, number=1), section_data(version))
    assert response.status_code == 200
    assert "This form is out of date: open it again" in response.text
    assert not SectionResult.objects.exists()


def test_service_refuses_a_stale_version_and_changes_nothing(submission):
    section = submission.edition.criteria_round.sections.get(number=1)
    services.section_result_save(
        submission=submission, section=section, lock_version=0, score=Decimal(5)
    )
    with pytest.raises(EditConflict) as conflict:
        services.section_result_save(
            submission=submission, section=section, lock_version=0, score=Decimal(9)
        )
    assert conflict.value.current.score == Decimal(5)
    assert SectionResult.objects.get().score == Decimal(5)


# The sections add up to no more than the total, whatever the timing.


def test_the_sum_is_checked_against_what_another_save_committed_meanwhile(submission):
    """Logically (SQLite serialises writers): another section saved between opening and
    checking counts towards the total."""
    Submission.objects.filter(pk=submission.pk).update(total_score=Decimal(30))
    sections = {s.number: s for s in submission.edition.criteria_round.sections.all()}
    original = SectionResult.full_clean

    def other_section_saved_meanwhile(result, *args, **kwargs):
        if result.section_id == sections[1].pk:
            SectionResult.objects.create(
                submission_id=submission.pk, section=sections[2], score=Decimal(20)
            )
        return original(result, *args, **kwargs)

    with (
        mock.patch.object(SectionResult, "full_clean", other_section_saved_meanwhile),
        pytest.raises(ValidationError, match="no more than 10"),
    ):
        services.section_result_save(
            submission=submission, section=sections[1], lock_version=0, score=Decimal(15)
        )
    assert not SectionResult.objects.filter(section=sections[1]).exists()


def _race(targets):
    """Run the functions at the same moment on their own connections; their outcomes."""
    barrier = threading.Barrier(len(targets))
    outcomes = [None] * len(targets)

    def run(index, target):
        try:
            barrier.wait()
            outcomes[index] = ("ok", target())
        except Exception as error:  # the outcome under test
            outcomes[index] = ("refused", error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, target)) for index, target in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _needs_postgresql():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is one connection shared by threads")


@pytest.mark.django_db(transaction=True)
def test_two_sections_saved_at_once_cannot_together_exceed_the_total():
    _needs_postgresql()
    from tests.submissions.factories import edition_with_sections

    submission = SubmissionFactory(
        edition=edition_with_sections(maxima=(20, 30, 50)), total_score=Decimal(25)
    )
    sections = list(submission.edition.criteria_round.sections.order_by("number"))
    original = SectionResult.full_clean

    def slow_full_clean(result, *args, **kwargs):
        # Widen the window between reading the other sections and saving.
        time.sleep(0.3)
        return original(result, *args, **kwargs)

    def save(section, score):
        return lambda: services.section_result_save(
            submission=Submission.objects.get(pk=submission.pk),
            section=section,
            lock_version=0,
            score=Decimal(score),
        )

    with mock.patch.object(SectionResult, "full_clean", slow_full_clean):
        outcomes = _race([save(sections[0], 15), save(sections[1], 15)])
    assert sorted(outcome for outcome, _ in outcomes) == ["ok", "refused"]
    refused = next(error for outcome, error in outcomes if outcome == "refused")
    assert isinstance(refused, ValidationError)
    assert "no more than 10" in str(refused)
    total = sum(result.score for result in SectionResult.objects.filter(submission=submission))
    assert total == Decimal(15)


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_section_from_the_same_form_version_cannot_both_win():
    _needs_postgresql()
    from tests.submissions.factories import edition_with_sections

    submission = SubmissionFactory(edition=edition_with_sections())
    section = submission.edition.criteria_round.sections.get(number=1)

    def save(comment):
        return lambda: services.section_result_save(
            submission=Submission.objects.get(pk=submission.pk),
            section=section,
            lock_version=0,
            score=Decimal(5),
            comment=comment,
        )

    outcomes = _race([save("First"), save("Second")])
    assert sorted(outcome for outcome, _ in outcomes) == ["ok", "refused"]
    assert isinstance(next(e for o, e in outcomes if o == "refused"), EditConflict)
    result = SectionResult.objects.get()
    assert result.lock_version == 1
    assert result.comment == next(r.comment for o, r in outcomes if o == "ok")


# Starting the same submission twice at once.


def test_a_start_that_loses_the_race_gets_the_usual_message(client, lead, organisation, edition):
    """Logically: the other start commits between this one's check and its save."""
    original = Submission.full_clean

    def other_start_committed_meanwhile(submission, *args, **kwargs):
        original(submission, *args, **kwargs)
        if not Submission.objects.filter(organisation=organisation, edition=edition).exists():
            SubmissionFactory(organisation=organisation, edition=edition)

    client.force_login(lead)
    with mock.patch.object(Submission, "full_clean", other_start_committed_meanwhile):
        response = client.post(
            reverse("submissions:create"),
            {"organisation": organisation.pk, "edition": edition.pk},
        )
    assert response.status_code == 200
    assert f"{organisation.name} already has a submission for the {edition}" in response.text


def test_a_start_for_a_started_edition_gets_the_usual_message(organisation, edition):
    SubmissionFactory(organisation=organisation, edition=edition)
    with pytest.raises(ValidationError, match="already has a submission"):
        services.submission_create(organisation=organisation, edition=edition)


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_make_one_submission_and_one_usual_message():
    _needs_postgresql()
    from tests.submissions.factories import edition_with_sections

    organisation = OrganisationFactory()
    edition = edition_with_sections()
    barrier = threading.Barrier(2, timeout=5)
    original = Submission.full_clean

    def both_past_the_check(submission, *args, **kwargs):
        # Both starts have found no submission before either saves.
        barrier.wait()
        return original(submission, *args, **kwargs)

    def start():
        return services.submission_create(organisation=organisation, edition=edition)

    with mock.patch.object(Submission, "full_clean", both_past_the_check):
        outcomes = _race([start, start])
    assert sorted(outcome for outcome, _ in outcomes) == ["ok", "refused"]
    refused = next(error for outcome, error in outcomes if outcome == "refused")
    assert isinstance(refused, ValidationError)
    assert "already has a submission" in str(refused)
    assert Submission.objects.filter(organisation=organisation, edition=edition).count() == 1


def test_a_form_opened_before_an_import_is_refused_after_it(client, lead, submission):
    from submissions.imports import results_import

    section = submission.edition.criteria_round.sections.get(number=1)
    SectionResult.objects.create(submission=submission, section=section, score=Decimal(3))
    client.force_login(lead)
    section_address = url("section", submission, number=1)
    about_address = url("about", submission)
    section_opened = opened_version(client, section_address)
    about_opened = opened_version(client, about_address)
    organisation = submission.organisation
    csv = (
        "organisation,edition,total_score,section_1\n"
        f"{organisation.name},{submission.edition.year},60,12\n"
    ).encode()
    results_import(data=csv, filename="results.csv", user=lead)
    response = client.post(section_address, section_data(section_opened, score="4"))
    assert CONFLICT in response.text
    response = client.post(
        about_address,
        {"lock_version": about_opened, "total_score": "50", "rank": "3", "award": "none"},
    )
    assert CONFLICT in response.text
    submission.refresh_from_db()
    assert submission.total_score == Decimal(60)
    assert SectionResult.objects.get(submission=submission, section=section).score == 12
