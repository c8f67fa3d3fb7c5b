"""Large imports through the web run as a background task: progress, outcome, one import of
an organisation at a time, and nothing half-applied when the task fails."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from submissions.imports import applying, planning, results_plan
from submissions.models import ImportJob, SectionResult, Submission
from submissions.tasks import FAILED_MESSAGE, results_import_run
from tests.submissions.fixtures_imports import csv_bytes

UPLOAD = reverse("submissions:import")
CHECK = reverse("submissions:import_confirm")
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

ROWS = [
    ["organisation", "edition", "total_score", "section_1"],
    ["DfT-T", "2018", "50", "10"],
    ["DfT-T", "2019", "60", "12.5"],
    ["DfT-T", "2020", "70", "15"],
]


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def confirm(client, rows=ROWS):
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("big.csv", csv_bytes(rows))})
    assert response.status_code == 302, response.content.decode()
    return client.post(CHECK)


def has_meta_refresh(html):
    return re.search(r'<meta http-equiv="refresh" content="\d+">', html) is not None


@override_settings(IMPORT_BACKGROUND_ROWS=2, TASKS=DUMMY_TASKS)
def test_a_large_import_is_queued_and_shows_its_progress(
    lead_client, organisation, results_editions
):
    lead_client.post(UPLOAD, {"file": SimpleUploadedFile("big.csv", csv_bytes(ROWS))})
    assert "imported in the background" in lead_client.get(CHECK).content.decode()

    response = lead_client.post(CHECK)
    job = ImportJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.status, job.rows, job.user.email) == ("queued", 3, "lead@example.gov.uk")
    assert list(job.organisations.all()) == [organisation]
    assert not Submission.objects.exists()

    html = lead_client.get(job.get_absolute_url()).content.decode()
    assert "<title>Your import is being processed – WEI good-practice portal</title>" in html
    assert has_meta_refresh(html)
    assert "0 of 3" in html
    assert "Stop updating this page" in html
    still = lead_client.get(job.get_absolute_url() + "?refresh=off").content.decode()
    assert not has_meta_refresh(still)
    assert "Check progress again" in still

    listed = lead_client.get(reverse("submissions:list")).content.decode()
    assert f'href="{job.get_absolute_url()}">big.csv</a>' in listed
    assert "Waiting to start" in listed

    assert results_import_run.call(job_id=job.pk) == "imported"
    job.refresh_from_db()
    assert (job.status, job.rows_checked, job.data) == ("done", 3, b"")
    assert Submission.objects.filter(organisation=organisation).count() == 3
    done = lead_client.get(job.get_absolute_url()).content.decode()
    assert "<title>Results imported – WEI good-practice portal</title>" in done
    assert "3 new, 0 changed, 0 with no changes" in done
    assert not has_meta_refresh(done)


@override_settings(IMPORT_BACKGROUND_ROWS=2)
def test_with_a_backend_that_runs_at_once_the_page_shows_the_result(
    lead_client, organisation, results_editions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(lead_client)
    html = lead_client.get(response.url).content.decode()
    assert "3 new, 0 changed, 0 with no changes" in html
    assert Submission.objects.count() == 3


@override_settings(IMPORT_BACKGROUND_ROWS=2, TASKS=DUMMY_TASKS)
def test_a_second_import_of_the_same_organisation_is_refused_while_one_runs(
    lead_client, organisation, results_editions
):
    confirm(lead_client)
    busy = "An import of results for Department for Testing is already being processed"

    second = confirm(lead_client)
    assert second.status_code == 200
    assert busy in second.content.decode()
    small = confirm(lead_client, ROWS[:2])
    assert busy in small.content.decode()
    assert ImportJob.objects.count() == 1
    assert not Submission.objects.exists()

    results_import_run.call(job_id=ImportJob.objects.get().pk)
    assert confirm(lead_client, ROWS[:2]).status_code == 302


@override_settings(IMPORT_BACKGROUND_ROWS=2, TASKS=DUMMY_TASKS)
def test_a_task_failing_midway_leaves_nothing_half_applied_and_says_so(
    lead_client, organisation, results_editions, monkeypatch
):
    confirm(lead_client)
    job = ImportJob.objects.get()
    real = applying.bulk_create_recorded

    def fail_on_section_results(objs, model, **kwargs):
        if model is SectionResult:
            raise DatabaseError("disk full")
        return real(objs, model, **kwargs)

    monkeypatch.setattr(applying, "bulk_create_recorded", fail_on_section_results)

    assert results_import_run.call(job_id=job.pk) == "failed"

    assert not Submission.objects.exists()
    assert not Submission.history.exists()
    job.refresh_from_db()
    assert job.status == "failed"
    html = lead_client.get(job.get_absolute_url()).content.decode()
    assert "<title>Your import did not finish – WEI good-practice portal</title>" in html
    assert "Nothing was imported from this file." in html
    assert FAILED_MESSAGE in html
    assert "disk full" not in html
    assert not has_meta_refresh(html)


@override_settings(IMPORT_BACKGROUND_ROWS=2, TASKS=DUMMY_TASKS)
def test_problems_found_when_the_task_runs_are_listed_on_its_page(
    lead_client, lead, organisation, results_editions
):
    confirm(lead_client)
    job = ImportJob.objects.get()
    lead.memberships.all().delete()

    assert results_import_run.call(job_id=job.pk) == "problems"

    html = lead_client.get(job.get_absolute_url()).content.decode()
    assert "The file has 3 problems" in html
    assert "You can only import results for organisations whose networks you lead" in html
    assert not Submission.objects.exists()


def test_a_job_runs_once(import_job):
    assert results_import_run.call(job_id=import_job.pk) == "not queued"


def test_someone_else_cannot_see_an_import(client, other_lead, import_job):
    client.force_login(other_lead)
    assert client.get(import_job.get_absolute_url()).status_code == 404


def test_checking_reports_progress_as_it_goes(organisation, results_editions, monkeypatch):
    monkeypatch.setattr(planning, "PROGRESS_EVERY", 2)
    rows = [ROWS[0]] + [["DfT-T", "2019", "", ""]] * 5
    calls = []
    results_plan(data=csv_bytes(rows), filename="r.csv", progress=lambda *a: calls.append(a))
    assert calls == [(2, 5), (4, 5)]
