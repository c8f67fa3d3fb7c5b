"""Writing an organisation's submissions out as a results spreadsheet."""

from django.db.models import Prefetch

from networks.models import Organisation
from submissions.imports.reading import FIXED_COLUMNS
from submissions.models import (
    Section,
    SectionResult,
    Submission,
    plain,
)
from weiportal.spreadsheets import csv_text

# Exporting


def results_export(*, organisation: Organisation) -> str:
    """An organisation's submissions as a results spreadsheet (CSV) that imports back unchanged.

    Every section column up to the highest section number of the exported editions' rounds is
    written; cells for sections a row's round does not have are left empty.
    """
    submissions = list(
        Submission.objects.filter(organisation=organisation)
        .select_related("edition")
        .prefetch_related(
            Prefetch("results", queryset=SectionResult.objects.select_related("section"))
        )
        .order_by("edition__year")
    )
    round_ids = {submission.edition.criteria_round_id for submission in submissions}
    highest = max(
        Section.objects.filter(criteria_round_id__in=round_ids).values_list("number", flat=True),
        default=0,
    )
    rows = []
    for submission in submissions:
        scores = {result.section.number: result.score for result in submission.results.all()}
        rows.append(
            [
                organisation.name,
                submission.edition.year,
                plain(submission.total_score),
                plain(submission.rank),
                plain(submission.sector_rank),
                plain(submission.sector_entrants),
                submission.award,
                *(plain(scores.get(number)) for number in range(1, highest + 1)),
            ]
        )
    header = FIXED_COLUMNS + [f"section_{number}" for number in range(1, highest + 1)]
    return csv_text(header, rows, lineterminator="\r\n")
