"""Applying an import: every row in bulk, in one transaction."""

import functools

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from networks.services import data_version_bump
from submissions.imports.planning import ImportPlan, results_plan
from submissions.imports.reading import Problem, ResultsFileError, ResultsImportError
from submissions.models import (
    SectionResult,
    Submission,
)
from weiportal.history import bulk_create_recorded

# Applying

CONCURRENT_IMPORT_MESSAGE = (
    "Someone else imported results for the same organisations and editions at the same time. "
    "Nothing was imported from this file: upload it again to see what it would change now"
)


def results_import(
    *, data: bytes, filename: str = "", user=None, importer=None, progress=None
) -> ImportPlan:
    """Validate the file again and, only if it has no problems, import every row.

    New submissions are private drafts. Existing ones get only the columns present in the
    file. All or nothing, in one transaction whose number of queries does not depend on the
    number of rows (rows are written in bulk, with their history). Raises ResultsImportError
    (nothing changed) when there is any problem, and ResultsFileError when the file cannot be
    read. The data version of each edition in the file moves once per import.

    Should another import create one of the same submissions meanwhile, the import is
    checked and applied once more against what that one saved; a second clash is reported
    as ResultsFileError, never as a database error. ``progress(rows_checked, rows)`` is called
    as the rows are checked.
    """
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                plan = results_plan(
                    data=data, filename=filename, importer=importer, lock=True, progress=progress
                )
                if not plan.is_valid:
                    raise ResultsImportError(plan.problems)
                _apply(plan, user=user, reason=f"Imported from {filename}"[:100])
                data_version_bump(*{row.edition.year for row in plan.rows})
                return plan
        except IntegrityError as error:
            if attempt == 2:
                raise ResultsFileError(CONCURRENT_IMPORT_MESSAGE) from error
    raise AssertionError("unreachable")


@functools.cache
def _field_names(model):
    return frozenset(field.name for field in model._meta.concrete_fields)


def _checked(instance, fields):
    """Check the fields the import sets, without a query. Rules across fields and rows
    (maximums, ranks within entrants, the total against its sections, one submission per
    edition) were checked when the plan was made, and the database's constraints hold them
    again. Related rows were loaded with the plan: checking that each exists, as the model
    would, is a query apiece, so they are left out."""
    try:
        instance.clean_fields(exclude=_field_names(type(instance)) - set(fields))
    except ValidationError as error:
        raise ResultsImportError(
            [
                Problem(instance._import_row, column, message)
                for column, messages in error.message_dict.items()
                for message in messages
            ]
        ) from error
    return instance


def _apply(plan, *, user, reason):
    # One time for the whole import, as it is one change.
    now = timezone.now()
    history = {"default_user": user, "default_change_reason": reason, "default_date": now}
    new_submissions, changed_submissions, changed_columns = [], [], set()
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        submission = row.submission
        if submission is None:
            submission = Submission(organisation=row.organisation, edition=row.edition)
            new_submissions.append(submission)
        else:
            columns = {
                column
                for column, value in row.values.items()
                if getattr(submission, column) != value
            }
            if columns:
                # A form opened before the import is refused rather than overwriting it (the
                # plan locked the submission's row until the transaction ends).
                submission.lock_version += 1
                changed_submissions.append(submission)
                changed_columns |= columns | {"lock_version"}
        for column, value in row.values.items():
            setattr(submission, column, value)
        submission._import_row = row.row
        row.saved = _checked(submission, row.values)
    bulk_create_recorded(new_submissions, Submission, user=user, reason=reason, date=now)
    if changed_submissions:
        bulk_update_with_history(
            changed_submissions, Submission, sorted(changed_columns), **history
        )
    new_results, changed_results = [], []
    for row in plan.rows:
        if row.action == "unchanged" or not row.sections:
            continue
        existing = {}
        if row.submission is not None:
            existing = {result.section_id: result for result in row.submission.results.all()}
        # Scores were cleaned by fields with the model field's limits (``decimal_field``).
        for section, score in row.sections.items():
            result = existing.get(section.pk)
            if result is None:
                if score is not None:
                    new_results.append(
                        SectionResult(
                            submission_id=row.saved.pk, section_id=section.pk, score=score
                        )
                    )
            elif result.score != score:
                result.score = score
                result.lock_version += 1
                changed_results.append(result)
    bulk_create_recorded(new_results, SectionResult, user=user, reason=reason, date=now)
    if changed_results:
        bulk_update_with_history(
            changed_results, SectionResult, ["score", "lock_version"], **history
        )
