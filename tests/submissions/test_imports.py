"""Reading, planning and applying results spreadsheets, and exporting them again."""

from decimal import Decimal

import pytest
from django.urls import reverse

from networks.services import data_version_bump
from submissions.imports import (
    ResultsFileError,
    ResultsImportError,
    results_export,
    results_import,
    results_plan,
)
from submissions.limits import MAX_RESULTS_FILE_SIZE
from submissions.models import SectionResult, Submission
from tests.networks.factories import OrganisationFactory
from tests.submissions.factories import SectionResultFactory, SubmissionFactory
from tests.submissions.fixtures_imports import csv_bytes, xlsx_bytes

HEADER = [
    "organisation",
    "edition",
    "total_score",
    "rank",
    "sector_rank",
    "sector_entrants",
    "award",
    "section_1",
    "section_2",
    "section_3",
]


def state():
    """Everything an import can change, to assert that nothing did."""
    return (
        sorted(
            Submission.objects.values_list(
                "organisation_id",
                "edition_id",
                "total_score",
                "rank",
                "sector_rank",
                "sector_entrants",
                "award",
            )
        ),
        sorted(SectionResult.objects.values_list("submission_id", "section_id", "score")),
    )


@pytest.fixture
def existing(organisation, results_editions):
    """DfT-T's 2019 submission: total 60, rank 100, section 1 scored 15 with a comment."""
    submission = SubmissionFactory(
        organisation=organisation,
        edition=results_editions[2019],
        total_score=Decimal("60"),
        rank=100,
        sector_rank=4,
        sector_entrants=20,
    )
    SectionResultFactory(
        submission=submission,
        section=results_editions[2019].criteria_round.sections.get(number=1),
        score=Decimal("15"),
        comment="Strong policies.",
    )
    return submission


def good_rows():
    return [
        HEADER,
        ["Department for Testing", "2018", "55.5", "120", "5", "20", "none", "10", "20", "25.5"],
        ["dft-t", "2019", "70", "90", "3", "20", "top_100", "15", "25", "30"],
        ["DFT-T", "2020", "", "", "", "", "", "", "", ""],
    ]


def test_csv_of_several_editions_creates_private_draft_submissions(
    organisation, results_editions, lead
):
    plan = results_import(data=csv_bytes(good_rows()), filename="results.csv", user=lead)

    assert (plan.created, plan.updated, plan.unchanged) == (3, 0, 0)
    submissions = Submission.objects.filter(organisation=organisation).order_by("edition__year")
    assert [s.edition.year for s in submissions] == [2018, 2019, 2020]
    first, second, third = submissions
    assert first.total_score == Decimal("55.5")
    assert (first.rank, first.sector_rank, first.sector_entrants) == (120, 5, 20)
    assert second.award == Submission.Award.TOP_100
    assert third.total_score is None and third.rank is None
    assert all(s.sharing == Submission.Sharing.PRIVATE for s in submissions)
    assert all(s.status == Submission.Status.DRAFT for s in submissions)
    assert sorted(first.results.values_list("section__number", "score")) == [
        (1, Decimal("10")),
        (2, Decimal("20")),
        (3, Decimal("25.5")),
    ]
    assert not third.results.exists()
    assert first.history.first().history_user == lead


def test_xlsx_with_number_cells_imports_like_csv(organisation, results_editions):
    rows = [
        HEADER,
        ["Department for Testing", 2019, 70.5, 90, 3, 20, "Top 100", 15, 25.25, Decimal("30")],
    ]
    plan = results_import(data=xlsx_bytes(rows), filename="results.xlsx")

    assert plan.created == 1
    submission = Submission.objects.get(organisation=organisation)
    assert submission.total_score == Decimal("70.5")
    assert submission.award == Submission.Award.TOP_100
    assert submission.results.get(section__number=2).score == Decimal("25.25")


def test_xlsx_is_recognised_by_its_content_whatever_its_name(organisation, results_editions):
    rows = [["organisation", "edition", "total_score"], ["DfT-T", 2019, 50]]
    plan = results_plan(data=xlsx_bytes(rows), filename="")
    assert plan.is_valid and plan.created == 1


def test_export_imports_back_unchanged(organisation, results_editions, later_edition):
    results_import(data=csv_bytes(good_rows()), filename="results.csv")
    results_import(
        data=csv_bytes(
            [
                ["organisation", "edition", "total_score", "award", "section_1", "section_2"],
                ["DfT-T", "2022", "200.25", "gold", "99.75", "100.5"],
            ]
        ),
        filename="later.csv",
    )
    before = state()

    exported = results_export(organisation=organisation)
    plan = results_plan(data=exported.encode(), filename="export.csv")

    assert plan.is_valid, plan.problems
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 4)
    results_import(data=exported.encode(), filename="export.csv")
    assert state() == before
    assert results_export(organisation=organisation) == exported


def test_export_writes_the_format_with_every_section_column(organisation, existing):
    exported = results_export(organisation=organisation)
    lines = exported.splitlines()
    assert lines[0] == ",".join(HEADER)
    assert lines[1] == "Department for Testing,2019,60,100,4,20,none,15,,"


def test_update_sets_only_the_columns_in_the_file(existing):
    rows = [["organisation", "edition", "rank", "section_2"], ["DfT-T", "2019", "80", "20"]]
    plan = results_import(data=csv_bytes(rows), filename="rank.csv")

    assert (plan.created, plan.updated) == (0, 1)
    [row] = plan.rows
    assert [(c.column, c.old, c.new) for c in row.changes] == [
        ("Rank", "100", "80"),
        ("Section 2 score", "not known", "20"),
    ]
    existing.refresh_from_db()
    assert existing.rank == 80
    assert existing.total_score == Decimal("60")
    assert existing.sector_rank == 4
    assert existing.results.get(section__number=1).score == Decimal("15")
    assert existing.results.get(section__number=2).score == Decimal("20")
    assert existing.history.count() == 2


def test_empty_cell_sets_the_value_to_not_known_and_keeps_the_comment(existing):
    rows = [["organisation", "edition", "rank", "section_1"], ["DfT-T", "2019", "", ""]]
    results_import(data=csv_bytes(rows), filename="clear.csv")

    existing.refresh_from_db()
    assert existing.rank is None
    result = existing.results.get(section__number=1)
    assert result.score is None
    assert result.comment == "Strong policies."


def test_headings_and_values_are_read_forgivingly(organisation, results_editions):
    rows = [
        [" Organisation ", "EDITION", "Total Score", "Sector-Rank", "sector entrants", "Award "],
        ["  department   for testing ", " 2019 ", " 12.50 ", "=3", "20", "TOP 100"],
        ["DfT-T", "2018", "12", "3rd", "20", "Top_100"],
        ["Department  For Testing", "2020", "12", "3rd", "20", "Top_100"],
        ["", "", "", "", "", ""],
        [],
    ]
    data = "\ufeff".encode() + csv_bytes(rows)
    plan = results_import(data=data, filename="Results.CSV")

    assert plan.created == 3
    submission = Submission.objects.get(organisation=organisation, edition__year=2019)
    assert submission.total_score == Decimal("12.5")
    assert submission.sector_rank == 3
    assert submission.award == Submission.Award.TOP_100


def test_organisation_names_match_with_and_for_ampersand(results_editions):
    organisation = OrganisationFactory(name="HM Revenue and Customs", acronym="HMRC")
    rows = [["organisation", "edition"], ["HM Revenue & Customs", "2019"], ["hmrc", "2020"]]
    assert results_import(data=csv_bytes(rows), filename="r.csv").created == 2
    assert organisation.submissions.count() == 2


def problems_of(data, filename="bad.csv", **kwargs):
    """The problems the import lists for a file, having checked that it changed nothing."""
    before = state()
    with pytest.raises(ResultsImportError) as raised:
        results_import(data=data, filename=filename, **kwargs)
    assert state() == before
    return [(p.row, p.column, p.message) for p in raised.value.problems]


def one_row(**cells):
    row = dict.fromkeys(HEADER, "")
    row.update(organisation="DfT-T", edition="2019")
    row.update(cells)
    return csv_bytes([HEADER, [row[column] for column in HEADER]])


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"organisation": "Ministry of Nothing"}, "organisation", "No organisation called"),
        ({"organisation": ""}, "organisation", "Enter an organisation"),
        ({"edition": "2021"}, "edition", "No edition with the results year “2021”"),
        ({"edition": "twenty"}, "edition", "No edition with the results year"),
        ({"section_1": "20.5"}, "section_1", "Enter a section 1 score between 0 and 20"),
        ({"section_2": "-1"}, "section_2", "Enter a section 2 score between 0 and 30"),
        ({"section_3": "ten"}, "section_3", "Section 3 score must be a number, like 12.5"),
        ({"section_3": "1.255"}, "section_3", "no more than 2 decimal places"),
        ({"section_3": "NaN"}, "section_3", "must be a number"),
        ({"total_score": "100.01"}, "total_score", "Enter a total score between 0 and 100"),
        ({"total_score": "1e999999"}, "total_score", "Enter a total score between 0 and 100"),
        ({"rank": "446"}, "rank", "Enter a rank between 1 and 445"),
        ({"rank": "0"}, "rank", "Enter a rank between 1 and 445"),
        ({"rank": "1.5"}, "rank", "Overall rank must be a whole number, like 25"),
        (
            {"sector_entrants": "9" * 30},
            "sector_entrants",
            "Enter the number of entrants in the sector between 1 and 100,000",
        ),
        (
            {"award": "platinum"},
            "award",
            "Award must be top_100, gold, silver, bronze or none, not “platinum”",
        ),
        (
            {"sector_rank": "21", "sector_entrants": "20"},
            "sector_rank",
            "Sector rank must be no more than the number of entrants in the sector",
        ),
        (
            {"total_score": "30", "section_1": "20", "section_2": "15"},
            "total_score",
            "Total score must be at least the sum of the section scores (35)",
        ),
    ],
)
def test_a_bad_cell_is_reported_by_row_and_column_and_nothing_changes(
    existing, cells, column, message
):
    problems = problems_of(one_row(**cells))
    assert len(problems) == 1, problems
    row, where, text = problems[0]
    assert (row, where) == (2, column)
    assert message in text


def test_a_section_the_round_does_not_have_is_an_error_for_that_row(existing, later_edition):
    rows = [
        ["organisation", "edition", "section_3"],
        ["DfT-T", "2019", "10"],
        ["DfT-T", "2022", "10"],
    ]
    assert problems_of(csv_bytes(rows)) == [(3, "section_3", "The 2022 index has no section 3")]


def test_every_problem_in_every_row_is_listed_and_nothing_changes(existing):
    rows = [
        HEADER,
        ["DfT-T", "2018", "50", "", "", "", "", "10", "", ""],  # fine
        ["Nowhere", "2019", "500", "0", "", "", "", "", "", ""],
        ["DfT-T", "2018", "", "", "", "", "", "", "", ""],  # duplicate of row 2
        ["DfT-T", "1999", "", "", "", "", "gold", "", "", "x"],
    ]
    problems = problems_of(csv_bytes(rows))
    assert [(row, column) for row, column, _ in problems] == [
        (3, "organisation"),
        (3, "total_score"),
        (3, "rank"),
        (4, "organisation"),
        (5, "edition"),
    ]
    assert "Duplicate row: row 2 already has DfT-T's 2018 results" in problems[3][2]
    assert not Submission.objects.filter(edition__year=2018).exists()


def test_unknown_and_repeated_columns_are_errors_in_row_1(existing):
    rows = [
        ["organisation", "edition", "totl_score", "rank", "Rank", "section_x"],
        ["DfT-T", "2019", "1", "2", "3", "4"],
    ]
    problems = problems_of(csv_bytes(rows))
    assert [(row, column) for row, column, _ in problems] == [
        (1, "totl_score"),
        (1, "Rank"),
        (1, "section_x"),
    ]
    assert "Unknown column “totl_score”" in problems[0][2]


def test_missing_required_column_is_an_error(existing):
    assert problems_of(csv_bytes([["organisation", "rank"], ["DfT-T", "3"]])) == [
        (1, "edition", "Add a column called edition")
    ]


def test_cells_without_a_heading_are_errors(existing):
    rows = [["organisation", "edition"], ["DfT-T", "2019", "stray"]]
    assert problems_of(csv_bytes(rows)) == [
        (2, "column 3", "This cell has no column heading: add one or remove the cell")
    ]


def test_a_lead_cannot_import_for_an_organisation_they_do_not_lead(
    existing, other_organisation, lead
):
    rows = [["organisation", "edition", "rank"], ["DfT-T", "2019", "5"], ["OOT", "2019", "6"]]
    problems = problems_of(csv_bytes(rows), user=lead, importer=lead)
    assert problems == [
        (
            3,
            "organisation",
            "You can only import results for organisations whose networks you lead",
        )
    ]


def test_hostile_values_are_reported_as_text_and_nothing_changes(existing):
    hostile = "<script>alert('x')</script>"
    rows = [["organisation", "edition", "rank"], [hostile, "2019", "=1+1"]]
    problems = problems_of(csv_bytes(rows))
    assert problems[0][2] == f"No organisation called “{hostile}”: use its name or acronym"
    assert problems[1][1] == "rank"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "results.csv", "The selected file is empty"),
        (b"\r\n,,\r\n", "results.csv", "The selected file is empty"),
        (b"organisation,edition\r\n", "results.csv", "no rows of results"),
        (b"%PDF-1.4 binary", "results.pdf", "must be a CSV or XLSX file"),
        (b"GIF89a\x00\x01", "results.csv", "must be a CSV or XLSX file"),
        (b"PK\x03\x04not really a zip", "results.xlsx", "must be a CSV or XLSX file"),
        ("organisation,edition\r\nDfT-T,2019\r\n".encode("utf-16"), "r.csv", "must be"),
        ("organisation,edition\r\nDépartement,2019\r\n".encode("latin-1"), "r.csv", "UTF-8"),
        (b"x" * (MAX_RESULTS_FILE_SIZE + 1), "results.csv", "smaller than 5 MB"),
        (b"organisation,edition\n" + b"a,1\n" * 20_001, "long.csv", "no more than 20,000 rows"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_and_nothing_changes(
    existing, data, filename, message
):
    before = state()
    with pytest.raises(ResultsFileError, match=message):
        results_import(data=data, filename=filename)
    assert state() == before


def test_a_zip_that_is_not_a_workbook_is_refused(existing, tmp_path):
    import zipfile

    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("results.csv", "organisation,edition\r\nDfT-T,2019\r\n")
    with pytest.raises(ResultsFileError, match="must be a CSV or XLSX file"):
        results_plan(data=path.read_bytes(), filename="results.xlsx")


def test_a_workbook_with_too_many_rows_is_refused(existing):
    rows = [["organisation", "edition"]] + [["DfT-T", 2019]] * 20_001
    with pytest.raises(ResultsFileError, match="no more than 20,000 rows"):
        results_plan(data=xlsx_bytes(rows), filename="long.xlsx")


def test_a_workbook_named_as_another_type_is_refused(existing):
    with pytest.raises(ResultsFileError, match="must be a CSV or XLSX file"):
        results_plan(data=xlsx_bytes([["organisation"]]), filename="results.pdf")


@pytest.mark.parametrize(
    "cells",
    [
        {"total_score": "100.01"},
        {"total_score": "ten"},
        {"total_score": "12.345"},
        {"total_score": "-1"},
        {"rank": "446"},
        {"rank": "1.5"},
        {"rank": "<b>1</b>"},
        {"sector_rank": "0"},
        {"sector_entrants": "9" * 30},
        {"sector_rank": "21", "sector_entrants": "20"},
        {"total_score": "10"},
    ],
    ids=lambda cells: ",".join(f"{column}={value[:8]}" for column, value in cells.items()),
)
def test_a_cell_is_refused_in_the_words_about_the_result_uses(client, lead, existing, cells):
    """The same value, typed on the About the result page and imported, gets one message."""
    rows = [["organisation", "edition", *cells], ["DfT-T", "2019", *cells.values()]]
    [(_, column, imported)] = problems_of(csv_bytes(rows))

    client.force_login(lead)
    about = reverse("submissions:about", kwargs={"pk": existing.pk})
    response = client.post(about, {"total_score": "60", "rank": "100", "award": "none", **cells})

    assert response.status_code == 200
    assert response.context["form"].errors[column] == [imported]


REAL_NAMES = [
    "HM Revenue & Customs",
    "Crown Office & Procurator Fiscal Service",
    "Royal Navy & Royal Marines",
    "Queen's Printer for Scotland",
    "Department for Business, Energy & Industrial Strategy",
    "Children’s Commissioner, Wales",
]


@pytest.mark.parametrize("name", REAL_NAMES)
def test_names_with_ampersands_apostrophes_and_commas_import_and_round_trip(
    name, results_editions
):
    organisation = OrganisationFactory(name=name)
    rows = [["organisation", "edition", "total_score"], [name, "2019", "50"]]
    assert results_import(data=csv_bytes(rows), filename="r.csv").created == 1
    before = state()

    exported = results_export(organisation=organisation)
    plan = results_plan(data=exported.encode(), filename="export.csv")

    assert plan.is_valid, plan.problems
    assert [row.organisation for row in plan.rows] == [organisation]
    assert plan.unchanged == 1
    results_import(data=exported.encode(), filename="export.csv")
    assert state() == before


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("HM Revenue & Customs", "HM Revenue and Customs"),
        ("HM Revenue & Customs", "hm revenue&customs"),
        ("HM Revenue and Customs", "HM Revenue & Customs"),
        ("Queen’s Printer for Scotland", "Queen's Printer for Scotland"),
        ("Queen's Printer for Scotland", "QUEEN’S  PRINTER FOR SCOTLAND"),
    ],
)
def test_file_and_stored_names_are_normalised_alike(stored, typed, results_editions):
    organisation = OrganisationFactory(name=stored)
    rows = [["organisation", "edition"], [typed, "2019"]]
    plan = results_plan(data=csv_bytes(rows), filename="r.csv")
    assert plan.is_valid, plan.problems
    assert plan.rows[0].organisation == organisation


def test_names_alike_once_normalised_are_reported_not_guessed(results_editions):
    OrganisationFactory(name="Arts & Crafts Agency")
    OrganisationFactory(name="Arts and Crafts Agency")
    rows = [["organisation", "edition"], ["Arts & Crafts Agency", "2019"]]
    [(row, column, message)] = problems_of(csv_bytes(rows))
    assert (row, column) == (2, "organisation")
    assert message.startswith("More than one organisation is called “Arts & Crafts Agency”")


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://evil.example","Click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"],
)
def test_export_neutralises_formulas_and_imports_back_unchanged(name, results_editions):
    organisation = OrganisationFactory(name=name)
    SubmissionFactory(organisation=organisation, edition=results_editions[2019], rank=7)
    before = state()

    exported = results_export(organisation=organisation)

    assert exported.splitlines()[1].lstrip('"').startswith("'")
    plan = results_plan(data=exported.encode(), filename="export.csv")
    assert plan.is_valid, plan.problems
    assert [row.organisation for row in plan.rows] == [organisation]
    assert plan.unchanged == 1
    results_import(data=exported.encode(), filename="export.csv")
    assert state() == before


def import_query_count(rows_per_kind, results_editions):
    """Queries to import a file with ``rows_per_kind`` new, changed and unchanged rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [HEADER]
    for n in range(rows_per_kind):
        new, changed, same = (OrganisationFactory() for _ in range(3))
        for organisation in (changed, same):
            submission = SubmissionFactory(
                organisation=organisation, edition=results_editions[2019], rank=50
            )
            SectionResultFactory(
                submission=submission,
                section=results_editions[2019].criteria_round.sections.get(number=1),
                score=Decimal("5"),
            )
        rows.append([new.name, "2019", "60", "", "", "", "", "10", "20", "30"])
        rows.append([changed.name, "2019", "", str(n + 1), "", "", "", "6", "7", ""])
        rows.append([same.name, "2019", "", "50", "", "", "", "5", "", ""])
    data = csv_bytes(rows)
    # The edition's data version already counts, as it does once anything was saved in it:
    # its first change creates it, a query or two more, once.
    data_version_bump(2019)
    with CaptureQueriesContext(connection) as queries:
        plan = results_import(data=data, filename="many.csv")
    assert (plan.created, plan.updated) == (rows_per_kind, rows_per_kind)
    return len(queries)


def test_import_runs_the_same_number_of_queries_however_many_rows(results_editions):
    few = import_query_count(1, results_editions)
    many = import_query_count(12, results_editions)
    assert many == few
    # Organisations, editions with sections and maxima, existing submissions and results
    # (locked), then submissions, section results and their history in bulk, and the
    # data version, with the savepoints of the transaction.
    assert few <= 20, few


def test_an_import_moves_each_of_its_editions_versions_once_however_many_rows(
    results_editions,
):
    from networks.models import DataVersion

    data_version_bump(2019)  # one edition's counter exists already, the others not yet
    rows = [["organisation", "edition"]] + [
        [OrganisationFactory().name, str(year)] for year in (2018, 2019, 2020) for _ in range(4)
    ]
    before = DataVersion.objects.current()
    assert results_import(data=csv_bytes(rows), filename="r.csv").created == 12
    after = DataVersion.objects.current()
    assert dict(after.versions)["2018"] == dict(after.versions)["2020"] == 1
    assert dict(after.versions)["2019"] > dict(before.versions)["2019"]
    # Another edition's figures, and what spans the portal only through it, stay cached.
    assert after.edition_version(2017) == before.edition_version(2017)
