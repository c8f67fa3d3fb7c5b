"""The import pages (upload, check, done) and the CSV export."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from networks.models import Membership
from submissions.limits import MAX_RESULTS_FILE_SIZE
from submissions.models import Submission
from submissions.views.imports import PENDING_KEY
from tests.networks.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.submissions.factories import SubmissionFactory
from tests.submissions.fixtures_imports import csv_bytes, xlsx_bytes

UPLOAD = reverse("submissions:import")
CHECK = reverse("submissions:import_confirm")
DONE = reverse("submissions:import_done")

ROWS = [
    ["organisation", "edition", "total_score", "rank", "award", "section_1"],
    ["DfT-T", "2018", "50", "200", "none", "10"],
    ["DfT-T", "2019", "60", "150", "top_100", "12.5"],
]


def upload(client, data, name="results.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def test_lead_uploads_checks_and_confirms_an_import(lead_client, organisation, results_editions):
    response = upload(lead_client, csv_bytes(ROWS))
    assert response.status_code == 302
    assert response.url == CHECK
    assert not Submission.objects.exists()

    page = lead_client.get(CHECK)
    html = page.content.decode()
    assert "<title>Check the results before importing – WEI good-practice portal</title>" in html
    assert "What each row will do" in html
    assert "New submissions" in html
    assert "Award: Top 100" in html
    assert not Submission.objects.exists()

    response = lead_client.post(CHECK)
    assert response.status_code == 302
    assert response.url == DONE
    assert Submission.objects.filter(organisation=organisation).count() == 2
    assert PENDING_KEY not in lead_client.session

    done = lead_client.get(DONE).content.decode()
    assert "Results imported" in done
    assert "2 new, 0 changed, 0 with no changes" in done
    assert reverse("submissions:export", kwargs={"organisation": organisation.slug}) in done


def test_xlsx_upload_is_checked_like_csv(lead_client, organisation, results_editions):
    rows = [ROWS[0], ["DfT-T", 2019, 60.5, 150, "Top 100", 12.5]]
    response = upload(lead_client, xlsx_bytes(rows), name="results.xlsx")
    assert response.url == CHECK
    assert "Total score: 60.5" in lead_client.get(CHECK).content.decode()


def test_preview_shows_changes_to_an_existing_submission(
    lead_client, organisation, results_editions
):
    SubmissionFactory(organisation=organisation, edition=results_editions[2019], rank=300)
    upload(lead_client, csv_bytes([["organisation", "edition", "rank"], ["DfT-T", "2019", "150"]]))
    html = lead_client.get(CHECK).content.decode()
    assert "Changed" in html
    assert "Rank: 300 to 150" in html


def test_errors_in_several_rows_are_all_listed_and_nothing_is_saved(
    lead_client, organisation, results_editions
):
    rows = [
        ["organisation", "edition", "total_score", "rank"],
        ["DfT-T", "2018", "500", "1"],
        ["DfT-T", "2031", "", ""],
        ["DfT-T", "2019", "ten", "0"],
    ]
    response = upload(lead_client, csv_bytes(rows))
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Error: Import results – WEI good-practice portal</title>" in html
    assert "govuk-error-summary" in html
    assert "The selected file has 4 problems: correct them and upload the file again" in html
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Problems in' in html
    for text in (
        "Enter a total score between 0 and 100",
        "No edition with the results year “2031”",
        "Total score must be a number, like 12.5",
        "Enter a rank between 1 and 445",
    ):
        assert text in html
    assert not Submission.objects.exists()
    assert PENDING_KEY not in lead_client.session


def test_hostile_cells_are_shown_escaped(lead_client, organisation, results_editions):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    rows = [["organisation", "edition", hostile], [hostile, "2019", "1"]]
    html = upload(lead_client, csv_bytes(rows)).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "results.csv", "The selected file is empty"),
        (b"%PDF-1.7", "results.pdf", "The selected file must be a CSV or XLSX file"),
        (
            b"x" * (MAX_RESULTS_FILE_SIZE + 1),
            "results.csv",
            "The selected file must be smaller than 5 MB",
        ),
        ("organisation,edition\nDépartement,2019\n".encode("cp1252"), "r.csv", "UTF-8"),
    ],
)
def test_a_bad_file_gets_a_govuk_error_and_nothing_is_saved(
    lead_client, results_editions, data, name, message
):
    response = upload(lead_client, data, name)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Error: Import results" in html
    assert message in html
    assert 'href="#id_file"' in html
    assert not Submission.objects.exists()


def test_no_file_chosen_asks_for_one(lead_client):
    html = lead_client.post(UPLOAD, {}).content.decode()
    assert "Select a CSV or XLSX file" in html


def test_lead_cannot_import_for_another_organisation(
    lead_client, organisation, other_organisation, results_editions
):
    rows = [["organisation", "edition", "rank"], ["DfT-T", "2019", "1"], ["OOT", "2019", "2"]]
    html = upload(lead_client, csv_bytes(rows)).content.decode()
    assert "You can only import results for organisations whose networks you lead" in html
    assert not Submission.objects.exists()


def test_project_team_can_import_for_any_organisation(
    client, project_team, other_organisation, results_editions
):
    client.force_login(project_team)
    upload(client, csv_bytes([["organisation", "edition", "rank"], ["OOT", "2019", "2"]]))
    assert client.post(CHECK).url == DONE
    assert Submission.objects.get().organisation == other_organisation


def test_confirmation_checks_the_file_again(lead_client, lead, organisation, results_editions):
    upload(lead_client, csv_bytes(ROWS))
    Membership.objects.filter(user=lead).update(role=Membership.Role.MEMBER)
    Membership.objects.create(
        user=lead,
        network=OrganisationFactory().networks.create(name="Elsewhere", slug="elsewhere"),
        role=Membership.Role.LEAD,
    )

    response = lead_client.post(CHECK)
    html = response.content.decode()
    assert response.status_code == 200
    assert "You can only import results for organisations whose networks you lead" in html
    assert not Submission.objects.exists()


def test_confirmation_imports_nothing_when_data_changed_to_make_a_row_bad(
    lead_client, organisation, results_editions
):
    upload(lead_client, csv_bytes(ROWS))
    SubmissionFactory(
        organisation=organisation,
        edition=results_editions[2019],
        rank=150,
        total_score=Decimal(60),
    ).results.create(
        section=results_editions[2019].criteria_round.sections.get(number=2), score=Decimal(55)
    )

    html = lead_client.post(CHECK).content.decode()
    assert "Total score must be at least the sum of the section scores (67.5)" in html
    assert Submission.objects.count() == 1


def test_member_who_leads_nothing_gets_not_found(client, member):
    client.force_login(member)
    assert client.get(UPLOAD).status_code == 404
    assert client.post(CHECK).status_code == 404


def test_export_downloads_the_organisations_results_as_csv(client, member, organisation, edition):
    SubmissionFactory(organisation=organisation, edition=edition, total_score=Decimal("61.50"))
    client.force_login(member)
    response = client.get(
        reverse("submissions:export", kwargs={"organisation": organisation.slug})
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="wei-results-{organisation.slug}.csv"'
    )
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("organisation,edition,total_score,rank")
    assert lines[1].startswith("Department for Testing,2019,61.5,")


def test_export_of_another_organisation_is_not_found(client, lead, other_submission):
    client.force_login(lead)
    url = reverse("submissions:export", kwargs={"organisation": "office-for-other-things"})
    other_submission.organisation.slug = "office-for-other-things"
    other_submission.organisation.save()
    assert client.get(url).status_code == 404


def many_rows(organisations, editions):
    header = ["organisation", "edition", "total_score", "rank", "section_1", "section_2"]
    return [header] + [
        [organisation.name, str(year), "40", "10", "10", "20"]
        for organisation in organisations
        for year in editions
    ]


CHECK_PAGE_QUERIES = 10


@pytest.mark.parametrize("size", ["small", "large"])
def test_check_page_query_count_does_not_grow_with_the_file(
    client, project_team, results_editions, django_assert_num_queries, size
):
    organisations = OrganisationFactory.create_batch(1 if size == "small" else 40)
    years = [2019] if size == "small" else [2018, 2019, 2020]
    for organisation in organisations[::2]:
        SubmissionFactory(organisation=organisation, edition=results_editions[2019], rank=5)
    client.force_login(project_team)
    upload(client, csv_bytes(many_rows(organisations, years)))

    with django_assert_num_queries(CHECK_PAGE_QUERIES):
        response = client.get(CHECK)
    assert response.status_code == 200


def test_a_long_file_is_checked_a_page_of_rows_at_a_time_and_imported_whole(
    client, project_team, results_editions
):
    organisations = [
        OrganisationFactory(name=f"Health & Safety Office {n}, Wales", acronym=f"HSO{n}")
        for n in range(70)
    ]
    rows = many_rows(organisations, [2018, 2019, 2020])  # 210 rows, lines 2 to 211
    client.force_login(project_team)
    upload(client, csv_bytes(rows))

    first = client.get(CHECK).content.decode()
    assert "Rows 1 to 100 of the file's 210" in first
    assert first.count('<td class="govuk-table__cell">Health &amp; Safety Office') == 100
    assert '<td class="govuk-table__cell">2</td>' in first
    assert '<td class="govuk-table__cell">102</td>' not in first
    assert 'href="?page=3"' in first and 'aria-current="page">1<' in first
    assert "Import all 210 rows" in first
    last = client.get(CHECK, {"page": "3"}).content.decode()
    assert "Rows 201 to 210 of the file's 210" in last
    assert '<td class="govuk-table__cell">211</td>' in last
    assert '<td class="govuk-table__cell">201</td>' not in last
    # Whatever the page asked for, a page of the file: hostile values too.
    for asked, shown in (("abc", 1), ("<script>", 1), ("1.5", 1), ("0", 201), ("9" * 40, 201)):
        page = client.get(CHECK, {"page": asked}).content.decode()
        assert f"Rows {shown} to {shown + 99 if shown == 1 else 210} of" in page
        assert "<script>" not in page
    assert not Submission.objects.exists()

    # Confirming from any page imports every row.
    response = client.post(f"{CHECK}?page=2")
    assert response.status_code == 302
    assert Submission.objects.count() == 210


EXPORT_QUERIES = 6


@pytest.mark.parametrize("size", ["small", "large"])
def test_export_query_count_does_not_grow_with_the_data(
    client, member, organisation, results_editions, django_assert_num_queries, size
):
    years = [2019] if size == "small" else [2018, 2019, 2020]
    for year in years:
        submission = SubmissionFactory(organisation=organisation, edition=results_editions[year])
        if size == "large":
            for section in results_editions[year].criteria_round.sections.all():
                submission.results.create(section=section, score=Decimal(5))
    client.force_login(member)
    url = reverse("submissions:export", kwargs={"organisation": organisation.slug})

    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(url)
    assert len(response.content.decode().splitlines()) == len(years) + 1


def test_a_damaged_pending_import_sends_the_lead_back_to_upload(lead_client, results_editions):
    session = lead_client.session
    session[PENDING_KEY] = {"filename": "x.csv", "data": "not base64 or zlib"}
    session.save()
    response = lead_client.post(CHECK)
    assert response.status_code == 302
    assert response.url == UPLOAD
    assert PENDING_KEY not in lead_client.session
    assert not Submission.objects.exists()


def test_upload_page_imports_a_name_with_an_ampersand(client, results_editions):
    organisation = OrganisationFactory(name="HM Revenue & Customs", acronym="HMRC")
    person = UserFactory()
    MembershipFactory(
        user=person, network=NetworkFactory(organisation=organisation), role=Membership.Role.LEAD
    )
    client.force_login(person)
    rows = [["organisation", "edition", "total_score"], ["HM Revenue & Customs", "2019", "50"]]
    assert upload(client, csv_bytes(rows)).url == CHECK
    assert client.post(CHECK).url == DONE
    assert organisation.submissions.get().total_score == Decimal("50")
