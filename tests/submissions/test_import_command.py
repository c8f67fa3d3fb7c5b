"""manage.py import_results FILE [--dry-run]."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from submissions.limits import MAX_RESULTS_FILE_SIZE
from submissions.models import Submission
from tests.submissions.factories import SubmissionFactory
from tests.submissions.fixtures_imports import csv_bytes, xlsx_bytes

ROWS = [
    ["organisation", "edition", "total_score", "rank", "award", "section_1"],
    ["Department for Testing", "2018", "50", "200", "none", "10"],
    ["OOT", "2019", "60", "150", "top_100", "12.5"],
]


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_results", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def write(tmp_path):
    def write(data, name="results.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


def test_imports_for_any_organisation_and_prints_what_changed(
    write, organisation, other_organisation, results_editions
):
    SubmissionFactory(organisation=other_organisation, edition=results_editions[2019], rank=300)
    out, err = run(write(csv_bytes(ROWS)))

    assert "Created, row 2: Department for Testing 2018" in out
    assert "Updated, row 3: Office for Other Things 2019 (Total score not known to 60; " in out
    assert "Rank 300 to 150" in out
    assert "Imported results.csv: 1 created, 1 updated, 0 unchanged." in out
    assert err == ""
    assert Submission.objects.get(organisation=other_organisation).rank == 150
    assert Submission.objects.get(organisation=organisation).sharing == "private"


def test_dry_run_changes_nothing(write, organisation, other_organisation, results_editions):
    out, _ = run(write(csv_bytes(ROWS)), "--dry-run")
    assert "Would create, row 2: Department for Testing 2018" in out
    assert "Dry run: 2 created, 0 updated, 0 unchanged. Nothing was imported." in out
    assert not Submission.objects.exists()


def test_every_problem_goes_to_stderr_and_nothing_changes(
    write, organisation, other_organisation, results_editions
):
    rows = [
        ROWS[0],
        ["Department for Testing", "2018", "500", "200", "none", "10"],
        ["Nowhere", "2019", "60", "0", "gold", "12.5"],
        ["OOT", "2019", "", "", "", "21"],
    ]
    err = StringIO()
    with pytest.raises(CommandError, match=r"4 problems in results\.csv: nothing was imported"):
        call_command("import_results", str(write(csv_bytes(rows))), stderr=err, stdout=StringIO())
    assert err.getvalue().splitlines() == [
        "Row 2, column total_score: Enter a total score between 0 and 100",
        "Row 3, column organisation: No organisation called “Nowhere”: use its name or acronym",
        "Row 3, column rank: Enter a rank between 1 and 445",
        "Row 4, column section_1: Enter a section 1 score between 0 and 20",
    ]
    assert not Submission.objects.exists()


def test_exits_non_zero_from_the_command_line(write, results_editions, capsys):
    path = write(csv_bytes([["organisation", "edition", "colour"], ["X", "2019", "blue"]]))
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_results", str(path)])
    assert exited.value.code != 0
    err = capsys.readouterr().err
    assert "Row 1, column colour: Unknown column “colour”" in err
    assert "Row 2, column organisation: No organisation called “X”" in err


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "The selected file is empty"),
        (b"%PDF-1.7", "results.pdf", "must be a CSV or XLSX file"),
        (b"x" * (MAX_RESULTS_FILE_SIZE + 1), "big.csv", "smaller than 5 MB"),
    ],
)
def test_unreadable_files_are_refused(write, results_editions, data, name, message):
    with pytest.raises(CommandError, match=message):
        run(write(data, name))
    assert not Submission.objects.exists()


def test_missing_file_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="No file at"):
        run(tmp_path / "missing.csv")


def test_a_published_style_workbook_is_read(
    write, organisation, other_organisation, later_edition
):
    rows = [
        [
            *["Organisation ", " Edition", "Total Score", "Rank", "Sector Rank"],
            *["Sector Entrants", "Award", "Section 1", "Section 2"],
        ],
        ["  department for testing", 2022, 180.5, "45 ", 3, 29, "Gold", 80, 100.5],
        ["oot", 2022.0, "120", "121st", None, None, "none", "60.25", None],
        [None, None, None, None, None, None, None, None, None],
        ["", "", "", "", "", "", "", "", ""],
    ]
    out, _ = run(write(xlsx_bytes(rows), "WEI 2022 results.xlsx"))

    assert "2 created" in out
    first = Submission.objects.get(organisation=organisation)
    assert (first.total_score, first.rank, first.sector_rank, first.sector_entrants) == (
        Decimal("180.5"),
        45,
        3,
        29,
    )
    assert first.award == Submission.Award.GOLD
    assert first.results.get(section__number=2).score == Decimal("100.5")
    assert Submission.objects.get(organisation=other_organisation).rank == 121


def test_names_with_ampersands_import_through_the_command(write, results_editions):
    from tests.networks.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Royal Navy & Royal Marines")
    path = write(
        csv_bytes([["organisation", "edition"], ["Royal Navy and Royal Marines", "2019"]])
    )
    out, _err = run(path)
    assert "Created, row 2: Royal Navy & Royal Marines 2019" in out
    assert organisation.submissions.count() == 1
