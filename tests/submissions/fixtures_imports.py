"""Fixtures for the submissions imports tests and access-matrix rows."""

import csv
import io

import pytest
from openpyxl import Workbook

from tests.submissions.factories import CriteriaRoundFactory, edition_with_sections

HEADER = ["organisation", "edition", "total_score", "rank", "sector_rank", "sector_entrants"]


def csv_bytes(rows, encoding="utf-8"):
    """A CSV file's bytes from a list of rows (the first is the header)."""
    output = io.StringIO()
    csv.writer(output, lineterminator="\r\n").writerows(rows)
    return output.getvalue().encode(encoding)


def xlsx_bytes(rows):
    """An XLSX workbook's bytes whose first sheet holds the rows (cells keep their types)."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.fixture
def results_editions(db):
    """The 2018, 2019 and 2020 editions of one round: sections worth 20, 30 and 50 marks."""
    criteria_round = CriteriaRoundFactory()
    return {
        year: edition_with_sections(year=year, criteria_round=criteria_round, entrants=entrants)
        for year, entrants in ((2018, 434), (2019, 445), (2020, 503))
    }


@pytest.fixture
def later_edition(db):
    """The 2022 edition of a later round with only two sections (worth 100 and 150)."""
    criteria_round = CriteriaRoundFactory(name="2022–2024", first_year=2022, last_year=2024)
    return edition_with_sections(
        year=2022, maxima=(100, 150), criteria_round=criteria_round, entrants=403
    )


@pytest.fixture
def import_job(lead, organisation):
    """A finished background import by the lead of the Department for Testing."""
    from submissions.models import ImportJob

    job = ImportJob.objects.create(
        user=lead,
        filename="results.csv",
        rows=400,
        rows_checked=400,
        status=ImportJob.Status.DONE,
        outcome={"created": 400, "updated": 0, "unchanged": 0, "organisations": []},
    )
    job.organisations.add(organisation)
    return job
