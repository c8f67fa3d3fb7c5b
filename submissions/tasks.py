"""Background work for submissions: importing a large results file.

The job is checked row by row first (its progress is saved as it goes, outside any
transaction, so the person's page can show it), then checked again and applied in one
transaction. Whatever stops it, nothing is half-applied and the job says what went wrong.
"""

import logging
import zlib

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from submissions.imports import (
    ResultsFileError,
    ResultsImportError,
    results_import,
    results_plan,
)
from submissions.models import ImportJob

logger = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "The import stopped because the results could not be saved. Nothing was imported. "
    "Upload the file again; if this happens again, tell the project team"
)


def _finish(job_id, status, outcome):
    ImportJob.objects.filter(pk=job_id).update(
        status=status, outcome=outcome, finished_at=timezone.now(), data=b""
    )


def _problems_outcome(problems):
    return {
        "problems": [
            {"row": problem.row, "column": problem.column, "message": problem.message}
            for problem in problems
        ],
        "problems_total": len(problems),
    }


@task
def results_import_run(*, job_id):
    """Import a queued job's file as its person: all or nothing, recording the outcome."""
    started = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING
    )
    if not started:
        return "not queued"
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    data = zlib.decompress(job.data)

    def progress(rows_checked, rows):
        ImportJob.objects.filter(pk=job_id).update(rows_checked=rows_checked, rows=rows)

    try:
        checked = results_plan(
            data=data, filename=job.filename, importer=job.user, progress=progress
        )
        if checked.problems:
            raise ResultsImportError(checked.problems)
        ImportJob.objects.filter(pk=job_id).update(rows_checked=F("rows"))
        plan = results_import(data=data, filename=job.filename, user=job.user, importer=job.user)
    except ResultsFileError as error:
        _finish(job_id, ImportJob.Status.FAILED, {"error": str(error)})
        return "refused"
    except ResultsImportError as error:
        _finish(job_id, ImportJob.Status.FAILED, _problems_outcome(error.problems))
        return "problems"
    except Exception:
        # A database or programming error: the transaction was rolled back; the person is
        # told so, and the details go to the log.
        logger.exception("Results import %s failed", job_id)
        _finish(job_id, ImportJob.Status.FAILED, {"error": FAILED_MESSAGE})
        return "failed"
    organisations = {row.organisation.slug: row.organisation.name for row in plan.rows}
    _finish(
        job_id,
        ImportJob.Status.DONE,
        {
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
            "organisations": sorted(organisations.items(), key=lambda item: item[1]),
        },
    )
    return "imported"
