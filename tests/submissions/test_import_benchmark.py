"""The national-size results file the benchmark times: valid, and importable as it says."""

import pytest

from submissions.import_benchmark import import_timings, national_results_file
from submissions.imports import results_plan

pytestmark = pytest.mark.django_db


def test_the_national_file_is_valid_with_every_section_scored():
    plan = results_plan(data=national_results_file(rows=40), filename="national.csv")
    assert plan.is_valid, list(plan.problems)
    assert len(plan.rows) == 40
    assert all(row.sections and None not in row.sections.values() for row in plan.rows)
    assert any("&" in row.organisation.name and "," in row.organisation.name for row in plan.rows)


def test_import_timings_creates_every_row_each_run():
    first, second = import_timings(rows=24), import_timings(rows=24)
    for timings in (first, second):
        assert (timings["rows"], timings["created"]) == (24, 24)
        assert timings["section_results"] > 200
        assert timings["apply_seconds"] >= 0 and timings["dry_run_seconds"] >= 0
