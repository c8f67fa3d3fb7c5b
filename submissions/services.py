"""Writes for entering submissions: each is atomic and validates with full_clean() first.

Each write that changes what a comparison shows moves the data version last, in its own
transaction, so cached comparisons show it on the next request.
"""

import zlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from networks.models import Organisation, User
from networks.services import data_version_bump
from submissions.models import (
    Edition,
    EditionSection,
    ImportJob,
    Recommendation,
    Section,
    SectionResult,
    Submission,
)
from submissions.signals import section_results_copied
from submissions.tasks import results_import_run
from weiportal.locking import EditConflict, lock_version_claim


def _already_started(organisation, edition):
    return ValidationError(
        {"edition": f"{organisation.name} already has a submission for the {edition}"},
        code="already_started",
    )


@transaction.atomic
def submission_create(*, organisation: Organisation, edition: Edition) -> Submission:
    """Start an organisation's draft submission for an edition (one per edition).

    Two people starting the same one at once both pass the first check; the database's
    unique constraint stops the second, who is told as if they had been a moment later.
    """
    if Submission.objects.filter(organisation=organisation, edition=edition).exists():
        raise _already_started(organisation, edition)
    submission = Submission(organisation=organisation, edition=edition)
    # The unique constraint is left to the database, so a race ends in IntegrityError.
    submission.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError as error:
        if Submission.objects.filter(organisation=organisation, edition=edition).exists():
            raise _already_started(organisation, edition) from error
        raise
    data_version_bump(edition.year)
    return submission


def _locked_submission(submission: Submission) -> Submission:
    """The submission's row, locked until the transaction ends: rules across its rows (the
    sections adding up to no more than the total) are checked by one writer at a time."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("edition")
        .get(pk=submission.pk)
    )


@transaction.atomic
def submission_about_save(*, submission: Submission, lock_version: int, **fields) -> Submission:
    """Save About the result (the total, ranks, award, date and feedback), refused with
    ``EditConflict`` if the submission changed since the form was opened."""
    allowed = {
        "total_score",
        "rank",
        "sector_rank",
        "sector_entrants",
        "award",
        "date_submitted",
        "overall_feedback",
    }
    unexpected = set(fields) - allowed
    if unexpected:
        raise TypeError(f"Unexpected fields: {sorted(unexpected)}")
    _locked_submission(submission)
    lock_version_claim(submission, lock_version=lock_version)
    for name, value in fields.items():
        setattr(submission, name, value)
    # Checks the total against the sections, which cannot change while the row is locked.
    submission.full_clean()
    submission.save()
    data_version_bump(submission.edition.year)
    return submission


@transaction.atomic
def section_result_save(
    *,
    submission: Submission,
    section: Section,
    lock_version: int,
    score: Decimal | None,
    comment: str = "",
    owner: str = "",
    answer: str | None = None,
    completed: bool = False,
    all_entrants_average: Decimal | None = None,
    sector_average: Decimal | None = None,
    top_100_average: Decimal | None = None,
) -> SectionResult:
    """Record a submission's result in one section.

    The score must lie within the section's maximum for the edition, and the section scores
    together may not exceed the submission's total score when one is entered: the
    submission's row is locked while they are added up, so two saves at once cannot both
    pass. ``lock_version`` is the result's version when the form was opened (0 when there
    was none); a result changed since is refused with ``EditConflict``. ``answer`` None
    keeps the answer as it is.
    """
    submission = _locked_submission(submission)
    result = SectionResult.objects.filter(submission=submission, section=section).first()
    if result is None:
        result = SectionResult(submission=submission, section=section, lock_version=0)
    if result.lock_version != lock_version:
        raise EditConflict(result)
    result.lock_version += 1
    result.score = score
    result.comment = comment
    result.owner = owner
    if answer is not None:
        result.answer = answer
    result.completed = completed
    result.all_entrants_average = all_entrants_average
    result.sector_average = sector_average
    result.top_100_average = top_100_average
    result.full_clean()
    if score is not None and submission.total_score is not None:
        others = submission.results.exclude(section=section).aggregate(total=Sum("score"))[
            "total"
        ] or Decimal(0)
        if others + score > submission.total_score:
            allowed = max(submission.total_score - others, Decimal(0))
            raise ValidationError(
                {
                    "score": (
                        f"Enter a score of no more than {allowed}, so that the sections "
                        f"add up to no more than the total score ({submission.total_score})"
                    )
                }
            )
    result.save()
    data_version_bump(submission.edition.year, section=section.number)
    return result


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, lock_version: int, **fields
) -> Recommendation:
    """Change a recommendation and its action, refused with ``EditConflict`` if it changed
    since the form was opened at ``lock_version``."""
    allowed = {"text", "section", "action_owner", "due_date", "status"}
    unexpected = set(fields) - allowed
    if unexpected:
        raise TypeError(f"Unexpected fields: {sorted(unexpected)}")
    lock_version_claim(recommendation, lock_version=lock_version)
    for name, value in fields.items():
        setattr(recommendation, name, value)
    recommendation.full_clean()
    recommendation.save()
    return recommendation


def submission_problems(submission: Submission) -> list[str]:
    """What must be done before the submission can be marked complete."""
    problems = []
    if submission.total_score is None:
        problems.append("Enter the total score in About the result")
    done = set(submission.results.filter(completed=True).values_list("section_id", flat=True))
    maxima = EditionSection.objects.filter(edition=submission.edition).select_related("section")
    problems.extend(
        f"Complete section {maximum.section.number}, {maximum.section.name}"
        for maximum in maxima.order_by("section__number")
        if maximum.section_id not in done
    )
    return problems


@transaction.atomic
def submission_complete(*, submission: Submission) -> Submission:
    """Mark a submission complete once every section is completed and the total entered."""
    problems = submission_problems(submission)
    if problems:
        raise ValidationError(problems)
    submission.status = Submission.Status.COMPLETE
    submission.full_clean()
    submission.save()
    data_version_bump(submission.edition.year)
    return submission


@transaction.atomic
def submission_set_sharing(*, submission: Submission, sharing: str, user: User) -> Submission:
    """Change how widely a submission is shared, recording who changed it and when.

    Only the organisation's own leads choose it (``submissions.change_sharing``), and in the
    Django admin those who may change submissions there (the model permission).
    """
    if not (
        user.has_perm("submissions.change_sharing", submission)
        or user.has_perm("submissions.change_submission")
    ):
        raise PermissionDenied("Only the organisation's leads can change its sharing level.")
    if submission.sharing == sharing:
        return submission
    submission.sharing = sharing
    submission.sharing_changed_by = user
    submission.sharing_changed_at = timezone.now()
    submission.full_clean()
    submission.save()
    data_version_bump(submission.edition.year)
    return submission


def _matching_section(section: Section, edition: Edition, sections_by_name: dict):
    """The section of ``edition`` that continues ``section``: same number in the same round,
    or the same name in a later round."""
    if section.criteria_round_id == edition.criteria_round_id:
        return section
    return sections_by_name.get(section.name.casefold())


@transaction.atomic
def submission_copy_forward(*, source: Submission, edition: Edition) -> Submission:
    """Start ``edition``'s submission from ``source``: section owners, answers and open
    actions are carried, scores and comments are not (they belong to the year they were
    given). Receivers of ``section_results_copied`` carry what other apps keep about each
    answer (the standard-response revision it used), in the same transaction.

    An open action is carried, not copied: the one record shows on both years, with the
    year of the feedback that gave it, so the action list and its overdue count show it once.
    """
    if edition.year <= source.edition.year:
        raise ValidationError({"edition": "Choose an edition later than the one copied"})
    submission = submission_create(organisation=source.organisation, edition=edition)
    sections_by_name = {
        section.name.casefold(): section
        for section in Section.objects.filter(criteria_round_id=edition.criteria_round_id)
    }
    in_edition = set(edition.section_maxima.values_list("section_id", flat=True))
    pairs = []
    for result in (
        source.results.select_related("section").exclude(owner="", answer="").order_by("pk")
    ):
        section = _matching_section(result.section, edition, sections_by_name)
        if section is not None and section.pk in in_edition:
            copied = SectionResult(
                submission=submission, section=section, owner=result.owner, answer=result.answer
            )
            copied.full_clean()
            copied.save()
            pairs.append((result, copied))
    section_results_copied.send(sender=Submission, pairs=pairs)
    # Open actions, its own and those carried into it, carry on: the same records.
    carried = Recommendation.objects.shown_on(source).filter(
        status__in=Recommendation.OPEN_STATUSES
    )
    submission.carried_recommendations.add(*carried)
    data_version_bump(edition.year)
    return submission


class ImportBusyError(Exception):
    """Another import of the same organisations is still running."""

    def __init__(self, organisations):
        names = [organisation.name for organisation in organisations]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        super().__init__(
            f"An import of results for {listed} is already being processed. Wait until it "
            "has finished, then upload this file again"
        )


def import_busy_check(*, organisation_ids) -> None:
    """Raise ImportBusyError when a background import of any of these organisations is
    waiting or running."""
    busy = list(
        Organisation.objects.filter(
            pk__in=organisation_ids, import_jobs__in=ImportJob.objects.active()
        )
        .distinct()
        .order_by("name")
    )
    if busy:
        raise ImportBusyError(busy)


def import_job_start(*, user: User, filename: str, data: bytes, plan) -> ImportJob:
    """Queue a checked results file to be imported in the background as ``user``.

    The organisations' rows are locked while checking that none of them has an import
    waiting or running, so two people confirming at once cannot both start one.
    """
    organisation_ids = sorted({row.organisation.pk for row in plan.rows})
    with transaction.atomic():
        list(
            Organisation.objects.select_for_update()
            .filter(pk__in=organisation_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        import_busy_check(organisation_ids=organisation_ids)
        job = ImportJob(
            user=user, filename=filename[:255], data=zlib.compress(data), rows=len(plan.rows)
        )
        job.full_clean(exclude=["data"])
        job.save()
        job.organisations.set(organisation_ids)
    # Queued once the job is committed, so a worker always finds it.
    transaction.on_commit(lambda: results_import_run.enqueue(job_id=job.pk))
    return job
