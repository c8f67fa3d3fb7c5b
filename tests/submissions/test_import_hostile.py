"""Hostile results files are refused before the work they would cause: zip bombs, thousands
of columns, a row of millions of cells, a problem in every cell. Each file is built in memory;
each is refused with a message that shows which bound stopped it."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from submissions.imports import ResultsFileError, results_plan
from submissions.limits import (
    MAX_PROBLEMS_SHOWN,
    MAX_RESULTS_CELLS,
    MAX_RESULTS_COLUMNS,
    MAX_XLSX_UNPACKED_SIZE,
)
from submissions.models import Submission
from tests.submissions.fixtures_imports import csv_bytes, xlsx_bytes

UNPACKED = "unpacks to more than a results spreadsheet can hold"
TOO_WIDE = f"has more than {MAX_RESULTS_COLUMNS} cells"
TOO_MANY_CELLS = f"no more than {MAX_RESULTS_CELLS:,} cells"


def zip_bomb(unpacked_size):
    """A workbook whose sheet is ``unpacked_size`` bytes of spaces, packed to a sliver."""
    good = xlsx_bytes([["organisation", "edition"], ["DfT-T", 2019]])
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb,
    ):
        for member in source.infolist():
            if member.filename == "xl/worksheets/sheet1.xml":
                with bomb.open(member.filename, "w", force_zip64=True) as sheet:
                    chunk = b" " * (1024 * 1024)
                    for _ in range(unpacked_size // len(chunk)):
                        sheet.write(chunk)
            else:
                bomb.writestr(member, source.read(member.filename))
    return output.getvalue()


def too_many_columns():
    """A CSV whose heading row has 669,226 unknown columns."""
    return b",".join(b"c%d" % n for n in range(669_226)) + b"\r\n"


def row_of_millions_of_cells():
    """A CSV with one row of 2.5 million cells, just under the 5 MB limit."""
    return b"organisation,edition\r\n" + b"1," * 2_500_000


def too_many_cells():
    columns = ["organisation", "edition"] + [f"section_{n}" for n in range(1, 199)]
    rows = MAX_RESULTS_CELLS // len(columns) + 1
    return csv_bytes([columns] + [["DfT-T", "2019"] + ["1"] * 198] * rows)


def wide_workbook():
    return xlsx_bytes([["organisation", "edition"], ["DfT-T", 2019] + [1] * MAX_RESULTS_COLUMNS])


HOSTILE = {
    "zip bomb": (lambda: zip_bomb(MAX_XLSX_UNPACKED_SIZE + 1024 * 1024), "bomb.xlsx", UNPACKED),
    "packed too tightly": (lambda: zip_bomb(4 * 1024 * 1024), "tight.xlsx", UNPACKED),
    "669k columns": (too_many_columns, "columns.csv", f"Row 1 of the selected file {TOO_WIDE}"),
    "2.5M cells in a row": (
        row_of_millions_of_cells,
        "row.csv",
        f"Row 2 of the selected file {TOO_WIDE}",
    ),
    "too many cells": (too_many_cells, "cells.csv", TOO_MANY_CELLS),
    "wide workbook": (wide_workbook, "wide.xlsx", f"Row 2 of the selected file {TOO_WIDE}"),
}


@pytest.fixture(params=HOSTILE.values(), ids=HOSTILE.keys())
def hostile(request):
    build, name, message = request.param
    return build(), name, message


def test_hostile_file_is_refused_by_the_plan(hostile, organisation, results_editions):
    data, name, message = hostile
    with pytest.raises(ResultsFileError, match=message):
        results_plan(data=data, filename=name)


def test_hostile_file_is_refused_by_the_upload_page(
    client, lead, hostile, organisation, results_editions
):
    data, name, message = hostile
    client.force_login(lead)
    response = client.post(reverse("submissions:import"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert message.split(" of the selected")[-1] in html
    assert "govuk-error-summary" in html
    assert not Submission.objects.exists()


def test_hostile_file_is_refused_by_the_command(hostile, tmp_path, organisation, results_editions):
    data, name, message = hostile
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message):
        call_command("import_results", str(path), stdout=StringIO(), stderr=StringIO())
    assert not Submission.objects.exists()


def test_a_bomb_is_refused_without_unpacking_it(monkeypatch, organisation, results_editions):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(ResultsFileError, match=UNPACKED):
        results_plan(data=zip_bomb(MAX_XLSX_UNPACKED_SIZE + 1024 * 1024), filename="b.xlsx")


def bad_everywhere(rows):
    return csv_bytes(
        [["organisation", "edition", "rank"]]
        + [[f"Nobody {n}", "1999", "first"] for n in range(rows)]
    )


def test_only_the_first_problems_are_listed_with_a_count_of_the_rest(results_editions):
    plan = results_plan(data=bad_everywhere(2_000), filename="bad.csv")
    listed = list(plan.problems)
    assert len(plan.problems) == 6_000
    assert len(listed) == MAX_PROBLEMS_SHOWN
    assert plan.problems.more == 6_000 - MAX_PROBLEMS_SHOWN
    assert [problem.row for problem in listed] == sorted(problem.row for problem in listed)
    assert listed[0].row == 2 and listed[-1].row == 35


def test_the_page_lists_the_first_problems_and_counts_the_rest(
    client, lead, organisation, results_editions
):
    client.force_login(lead)
    response = client.post(
        reverse("submissions:import"),
        {"file": SimpleUploadedFile("bad.csv", bad_everywhere(2_000))},
    )
    html = response.content.decode()
    assert "The selected file has 6,000 problems" in html
    assert html.count('<tr class="govuk-table__row">') == MAX_PROBLEMS_SHOWN + 1
    assert "The file has 5,900 more problems besides the first 100 listed" in html


def test_the_command_lists_the_first_problems_and_counts_the_rest(tmp_path, results_editions):
    path = tmp_path / "bad.csv"
    path.write_bytes(bad_everywhere(2_000))
    err = StringIO()
    with pytest.raises(CommandError, match=r"6,000 problems in bad\.csv: nothing was imported"):
        call_command("import_results", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == MAX_PROBLEMS_SHOWN + 1
    assert lines[-1] == "… and 5,900 more problems"
