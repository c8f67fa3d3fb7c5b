"""Imports racing to create the same submission: the loser retries once against what the
winner saved, and a second clash is a normal message, never a database error."""

import threading
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from submissions.imports import CONCURRENT_IMPORT_MESSAGE, ResultsFileError, results_import
from submissions.imports import applying as imports
from submissions.models import Submission
from tests.submissions.fixtures_imports import csv_bytes

ROWS = [["organisation", "edition", "total_score"], ["DfT-T", "2019", "50"]]


def clash(monkeypatch, times):
    """Make creating submissions fail ``times`` times as a rival import's insert would."""
    real = imports.bulk_create_recorded
    clashes = []

    def create(objs, model, **kwargs):
        if model is Submission and len(clashes) < times:
            clashes.append(1)
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(objs, model, **kwargs)

    monkeypatch.setattr(imports, "bulk_create_recorded", create)
    return clashes


def test_an_import_that_loses_a_race_retries_once(organisation, results_editions, monkeypatch):
    clashes = clash(monkeypatch, times=1)
    plan = results_import(data=csv_bytes(ROWS), filename="r.csv")
    assert clashes == [1]
    assert plan.created == 1
    assert Submission.objects.get().total_score == 50


def test_a_second_clash_is_a_clear_message(organisation, results_editions, monkeypatch):
    clash(monkeypatch, times=2)
    with pytest.raises(ResultsFileError, match="Someone else imported results"):
        results_import(data=csv_bytes(ROWS), filename="r.csv")
    assert not Submission.objects.exists()


def test_the_command_reports_a_clash_without_a_traceback(
    organisation, results_editions, monkeypatch, tmp_path
):
    clash(monkeypatch, times=2)
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes(ROWS))
    with pytest.raises(CommandError, match="Someone else imported results"):
        call_command("import_results", str(path), stdout=StringIO(), stderr=StringIO())


def test_the_page_reports_a_clash_as_a_problem_with_the_file(
    client, lead, organisation, results_editions, monkeypatch
):
    client.force_login(lead)
    client.post(
        reverse("submissions:import"), {"file": SimpleUploadedFile("r.csv", csv_bytes(ROWS))}
    )
    clash(monkeypatch, times=2)
    response = client.post(reverse("submissions:import_confirm"))
    assert response.status_code == 200
    assert CONCURRENT_IMPORT_MESSAGE in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_four_imports_of_the_same_new_row_at_once_all_finish(organisation, results_editions):
    """Separate connections racing on PostgreSQL: one creates, the others update or find
    nothing to change; none fails with a database error."""
    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is one connection shared by threads")
    barrier = threading.Barrier(4)
    outcomes = []

    def run(score):
        try:
            barrier.wait()
            plan = results_import(
                data=csv_bytes([ROWS[0], ["DfT-T", "2019", str(score)]]), filename="r.csv"
            )
            outcomes.append((plan.created, plan.updated + plan.unchanged))
        except ResultsFileError as error:
            outcomes.append(str(error))
        except Exception as error:  # the failure this test exists to catch
            outcomes.append(f"error: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(score,)) for score in (10, 20, 30, 40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not [outcome for outcome in outcomes if str(outcome).startswith("error")], outcomes
    assert sum(1 for outcome in outcomes if outcome == (1, 0)) == 1
    assert Submission.objects.filter(organisation=organisation).count() == 1
