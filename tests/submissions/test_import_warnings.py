"""The import applies the About the result page's rules, warns (without refusing) where a
file's figures disagree with each other, and says plainly what it will clear."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from networks.models import Organisation
from submissions.imports import results_import, results_plan
from submissions.models import Submission
from tests.networks.factories import OrganisationFactory
from tests.submissions.factories import SubmissionFactory
from tests.submissions.fixtures_imports import csv_bytes

pytestmark = pytest.mark.django_db


def plan_of(rows, **kwargs):
    plan = results_plan(data=csv_bytes(rows), filename="r.csv", **kwargs)
    assert plan.is_valid, list(plan.problems)
    return plan


def warnings_of(plan):
    return [(warning.row, warning.column, warning.message) for warning in plan.warnings]


def test_an_empty_award_cell_is_not_known_and_changes_nothing(organisation, results_editions):
    submission = SubmissionFactory(
        organisation=organisation, edition=results_editions[2019], award="top_100", rank=40
    )
    rows = [["organisation", "edition", "rank", "award"], ["DfT-T", "2019", "40", ""]]
    plan = results_import(data=csv_bytes(rows), filename="r.csv")
    assert plan.unchanged == 1
    submission.refresh_from_db()
    assert submission.award == Submission.Award.TOP_100


def test_a_value_an_empty_cell_clears_is_marked_as_cleared(organisation, results_editions):
    SubmissionFactory(organisation=organisation, edition=results_editions[2019], rank=150)
    rows = [["organisation", "edition", "rank", "sector_rank"], ["DfT-T", "2019", "", ""]]
    plan = plan_of(rows)
    assert [(c.column, c.old, c.new, c.cleared) for c in plan.rows[0].changes] == [
        ("Rank", "150", "not known", True)
    ]
    assert plan.cleared == 1


def test_sector_rank_above_the_recorded_sector_entrants_is_refused(organisation, results_editions):
    SubmissionFactory(
        organisation=organisation, edition=results_editions[2019], sector_entrants=10
    )
    rows = [["organisation", "edition", "sector_rank"], ["DfT-T", "2019", "11"]]
    plan = results_plan(data=csv_bytes(rows), filename="r.csv")
    assert [(p.row, p.column, p.message) for p in plan.problems] == [
        (2, "sector_rank", "Sector rank must be no more than the number of entrants in the sector")
    ]


@pytest.mark.parametrize(
    ("year", "rank", "award", "expected"),
    [
        (2019, "50", "none", "Rank 50 is within the Top 100, but the award is none"),
        (2019, "101", "top_100", "Rank 101 is outside the Top 100, but the award is Top 100"),
        (2019, "100", "top_100", None),
        (2019, "101", "none", None),
        (2019, "50", "", None),
        (2022, "50", "none", None),
    ],
)
def test_rank_and_award_that_disagree_are_warned_about_not_refused(
    organisation, results_editions, later_edition, year, rank, award, expected
):
    rows = [["organisation", "edition", "rank", "award"], ["DfT-T", str(year), rank, award]]
    plan = plan_of(rows)
    messages = [message for _row, _column, message in warnings_of(plan)]
    if expected is None:
        assert messages == []
    else:
        assert len(messages) == 1 and messages[0].startswith(expected)
    results_import(data=csv_bytes(rows), filename="r.csv")
    assert Submission.objects.get().rank == int(rank)


def test_recorded_award_counts_when_the_file_sets_only_the_rank(organisation, results_editions):
    SubmissionFactory(
        organisation=organisation, edition=results_editions[2019], award="top_100", rank=40
    )
    plan = plan_of([["organisation", "edition", "rank"], ["DfT-T", "2019", "240"]])
    assert warnings_of(plan) == [
        (2, "rank", "Rank 240 is outside the Top 100, but the award is Top 100")
    ]


def test_sector_entrants_that_differ_within_a_sector_are_warned_about(results_editions):
    police = [
        OrganisationFactory(
            name=f"Police Force {n}", sector=Organisation.Sector.EMERGENCY_SERVICES
        )
        for n in range(3)
    ]
    OrganisationFactory(name="Other Sector Body", sector=Organisation.Sector.EDUCATION)
    rows = [
        ["organisation", "edition", "sector_entrants"],
        ["Police Force 0", "2019", "29"],
        ["Police Force 1", "2019", "29"],
        ["Police Force 2", "2019", "31"],
        ["Other Sector Body", "2019", "5"],
        ["Police Force 0", "2020", "31"],
    ]
    plan = plan_of(rows)
    assert warnings_of(plan) == [
        (
            2,
            "sector_entrants",
            "29 entrants in the sector, but other Emergency Services "
            "organisations have 31 for 2019",
        ),
        (
            3,
            "sector_entrants",
            "29 entrants in the sector, but other Emergency Services "
            "organisations have 31 for 2019",
        ),
        (
            4,
            "sector_entrants",
            "31 entrants in the sector, but other Emergency Services "
            "organisations have 29 for 2019",
        ),
    ]
    assert results_import(data=csv_bytes(rows), filename="r.csv").created == 5
    assert police[2].submissions.get().sector_entrants == 31


def test_recorded_sector_entrants_are_compared_only_where_the_importer_may_see_them(
    lead, organisation, other_organisation, results_editions
):
    other_organisation.sector = organisation.sector
    other_organisation.save()
    SubmissionFactory(
        organisation=other_organisation, edition=results_editions[2019], sector_entrants=40
    )
    rows = [["organisation", "edition", "sector_entrants"], ["DfT-T", "2019", "41"]]

    assert warnings_of(plan_of(rows, importer=lead)) == []
    [(_row, _column, message)] = warnings_of(plan_of(rows))
    assert message.endswith("have 40 for 2019")


def test_check_page_shows_warnings_and_what_will_be_cleared(
    client, lead, organisation, results_editions
):
    SubmissionFactory(organisation=organisation, edition=results_editions[2019], rank=150)
    rows = [
        ["organisation", "edition", "rank", "award"],
        ["DfT-T", "2019", "", "top_100"],
        ["DfT-T", "2020", "20", "none"],
    ]
    client.force_login(lead)
    client.post(
        reverse("submissions:import"), {"file": SimpleUploadedFile("r.csv", csv_bytes(rows))}
    )
    html = client.get(reverse("submissions:import_confirm")).content.decode()
    assert "Importing will clear 1 value recorded now" in html
    assert "Rank: 150 <strong>will be cleared</strong> (empty in the file)" in html
    assert "Figures to check" in html
    assert "Row 3, award: Rank 20 is within the Top 100, but the award is none" in html


def test_command_prints_warnings_and_what_it_clears(tmp_path, organisation, results_editions):
    SubmissionFactory(organisation=organisation, edition=results_editions[2019], rank=150)
    path = tmp_path / "r.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["organisation", "edition", "rank", "award"],
                ["DfT-T", "2019", "", "none"],
                ["DfT-T", "2020", "7", "none"],
            ]
        )
    )
    out = StringIO()
    call_command("import_results", str(path), "--dry-run", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "Rank 150 cleared (empty in the file)" in text
    assert "Check: Row 3, column award: Rank 7 is within the Top 100" in text
    assert Submission.objects.get().rank == 150


@pytest.mark.parametrize(("year", "award"), [("2019", "gold"), ("2022", "top_100")])
def test_an_award_the_index_did_not_give_is_refused(
    organisation, results_editions, later_edition, year, award
):
    rows = [["organisation", "edition", "award"], ["DfT-T", year, award]]
    plan = results_plan(data=csv_bytes(rows), filename="r.csv")
    [problem] = plan.problems
    assert (problem.row, problem.column) == (2, "award")
    assert f"The {year} index gave no award '{award}'" in problem.message
    assert not Submission.objects.exists()
