"""Every CSV and XLSX the portal writes neutralises text a spreadsheet would run as a formula."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from weiportal.spreadsheets import cell_neutralise, csv_text, text_unneutralise, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ['=HYPERLINK("http://evil.example","Click")', "+cmd|' /C calc'!A0", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("text", [*HOSTILE, "\tTabbed", "\rReturn"])
def test_text_that_starts_like_a_formula_is_neutralised_and_read_back(text):
    written = cell_neutralise(text)
    assert written == "'" + text
    assert text_unneutralise(written) == text


@pytest.mark.parametrize(
    "value", ["Plain name", "-1.5", "+3", "42", 42, Decimal("-2.25"), None, "", "'quoted"]
)
def test_numbers_and_ordinary_text_are_written_as_they_are(value):
    assert cell_neutralise(value) == value
    assert text_unneutralise(value) == value


def test_csv_text_neutralises_every_text_cell_and_keeps_numbers():
    text = csv_text(["name", "score"], [[HOSTILE[0], Decimal("12.50")], ["=1+1", 3]])
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "score"],
        ["'" + HOSTILE[0], "12.50"],
        ["'=1+1", "3"],
    ]


def test_xlsx_stores_formula_like_text_as_text_and_numbers_as_numbers():
    data = xlsx_bytes(["name", "score"], [[HOSTILE[0], Decimal("12.5")]])
    workbook = load_workbook(io.BytesIO(data))
    cell, score = workbook.worksheets[0]["A2"], workbook.worksheets[0]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HOSTILE[0], "s", True)
    assert (score.value, score.data_type) == (12.5, "n")


def test_no_module_writes_a_spreadsheet_except_through_the_shared_writer():
    writers = re.compile(r"csv\.(writer|DictWriter)\(|openpyxl|Workbook\(")
    offenders = [
        str(path.relative_to(ROOT))
        for app in ("networks", "submissions", "guidance", "weiportal", "scripts")
        for path in (ROOT / app).rglob("*.py")
        if path.name != "spreadsheets.py" and writers.search(path.read_text())
    ]
    # The results import reads workbooks with openpyxl; it writes none.
    assert offenders == ["submissions/imports/reading.py"]
    assert "Workbook(" not in (ROOT / "submissions/imports/reading.py").read_text()


@pytest.mark.django_db
def test_section_csv_neutralises_an_organisation_name(client, lead, comparison):
    other = comparison["other"].organisation
    other.name = HOSTILE[0]
    other.save()
    client.force_login(lead)
    url = reverse("submissions:section_compare_csv", kwargs={"year": 2019, "number": 1})
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    names = [cell for row in rows for cell in row]
    assert "'" + HOSTILE[0] in names
    assert HOSTILE[0] not in names


def test_a_workbook_of_several_sheets_keeps_text_as_text_and_drops_control_characters():
    from weiportal.spreadsheets import Sheet, workbook_bytes

    content = workbook_bytes(
        [
            Sheet(title="Group", header=["Name", "Mark"], rows=[["=1+1\x07", Decimal("2.5")]]),
            Sheet(title="Method", rows=[["Note", "@SUM(A1)"]], bold=frozenset({0})),
        ]
    )
    workbook = load_workbook(io.BytesIO(content))
    group, method = workbook["Group"], workbook["Method"]
    assert group["A2"].value == "=1+1"
    assert group["A2"].data_type == "s"
    assert group["A2"].quotePrefix
    assert group["B2"].value == 2.5
    assert group["A1"].font.bold
    assert method["A1"].font.bold and not method["B1"].font.bold
    assert method["B1"].data_type == "s"
