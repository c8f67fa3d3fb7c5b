"""Review dates: the project team's list and its CSV, "reviewed, no change needed", and the
daily reminder to owners."""

import csv
import datetime
import io
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from guidance.documents.services import next_review_date
from guidance.models import Document, GuidanceReader
from tests.guidance.factories import document_draft, document_publish
from tests.guidance.pages import text

pytestmark = pytest.mark.django_db


def published(title, *, by, colleague, owner=None, due_in_days):
    document = document_draft(by=by, title=title, owner=owner or by)
    document_publish(document, by=colleague)
    Document.objects.filter(pk=document.pk).update(
        review_due=timezone.localdate() + datetime.timedelta(days=due_in_days)
    )
    document.refresh_from_db()
    return document


@pytest.fixture
def schedule(project_team, colleague):
    """Documents due at different times, owned by two people; names with & and apostrophes."""
    return {
        "overdue": published(
            "Monitoring: counting & reporting",
            by=project_team,
            colleague=colleague,
            due_in_days=-40,
        ),
        "long_overdue": published(
            "Procurement's shared answer",
            by=project_team,
            colleague=colleague,
            owner=colleague,
            due_in_days=-400,
        ),
        "soon": published(
            "Allies: what counts", by=project_team, colleague=colleague, due_in_days=12
        ),
        "today": published(
            "Senior leadership sponsors", by=colleague, colleague=project_team, due_in_days=0
        ),
        "later": published(
            "Community engagement", by=project_team, colleague=colleague, due_in_days=31
        ),
    }


def table_rows(response):
    body = response.content.decode().split('<tbody class="govuk-table__body">')[1]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body.split("</tbody>")[0], flags=re.S):
        cells = [text(cell) for cell in re.findall(r"<td.*?</td>", row, flags=re.S)]
        rows.append(cells)
    return rows


def test_review_page_lists_overdue_and_due_within_30_days(client, project_team, schedule):
    client.force_login(project_team)
    response = client.get(reverse("guidance:review_list"))
    rows = table_rows(response)
    assert [row[0] for row in rows] == [
        "Procurement's shared answer",
        "Monitoring: counting & reporting",
        "Senior leadership sponsors",
        "Allies: what counts",
    ]
    assert rows[0][3] == "Overdue by 400 days"
    assert rows[2][3] == "Due today"
    assert rows[3][3] == "Due soon in 12 days"
    assert "4 documents, 2 overdue." in text(response)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-due", ["Allies", "Senior", "Monitoring", "Procurement's"]),
        ("title", ["Allies", "Monitoring", "Procurement's", "Senior"]),
        ("-title", ["Senior", "Procurement's", "Monitoring", "Allies"]),
        ("nonsense", ["Procurement's", "Monitoring", "Senior", "Allies"]),
    ],
)
def test_review_page_sorts(client, project_team, schedule, sort, expected):
    client.force_login(project_team)
    rows = table_rows(client.get(reverse("guidance:review_list"), {"sort": sort}))
    assert [row[0].split(" ")[0].rstrip(":") for row in rows] == expected


def test_review_page_sorts_by_owner_then_date(client, project_team, colleague, schedule):
    project_team.full_name = "Aisha Bhatt"
    project_team.save()
    client.force_login(project_team)
    rows = table_rows(client.get(reverse("guidance:review_list"), {"sort": "owner"}))
    assert [(row[1], row[0]) for row in rows] == [
        ("Aisha Bhatt", "Monitoring: counting & reporting"),
        ("Aisha Bhatt", "Allies: what counts"),
        ("Sam O'Neill", "Procurement's shared answer"),
        ("Sam O'Neill", "Senior leadership sponsors"),
    ]


@pytest.mark.parametrize("sort", ["due", "-due", "title", "owner"])
def test_csv_matches_the_page(client, project_team, schedule, sort):
    client.force_login(project_team)
    rows = table_rows(client.get(reverse("guidance:review_list"), {"sort": sort}))
    response = client.get(reverse("guidance:review_csv"), {"sort": sort})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    records = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [record["document"] for record in records] == [row[0] for row in rows]
    assert [record["owner"] for record in records] == [row[1] for row in rows]
    for record, row in zip(records, rows, strict=True):
        due = datetime.date.fromisoformat(record["review_due"])
        assert f"{due.day} {due:%B %Y}" == row[2]
        days = int(record["days"])
        assert days == (due - timezone.localdate()).days
        assert record["status"] == ("overdue" if days < 0 else "due soon")
        slug = next(d.slug for d in schedule.values() if str(d) == record["document"])
        assert record["address"] == f"http://testserver/guidance/{slug}/"


def test_csv_cells_cannot_run_as_formulas(client, project_team, colleague):
    published('=HYPERLINK("http://x")', by=project_team, colleague=colleague, due_in_days=-1)
    client.force_login(project_team)
    response = client.get(reverse("guidance:review_csv"))
    (record,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert record["document"] == '\'=HYPERLINK("http://x")'


def test_reviewed_no_change_needed_records_who_when_and_the_next_date(client, colleague, schedule):
    document = schedule["overdue"]
    client.force_login(colleague)
    url = reverse("guidance:document_reviewed", kwargs={"slug": document.slug})
    form = client.get(url, {"next": "review"})
    default = next_review_date(timezone.localdate())
    assert form.context["form"]["review_due"].value() == default
    response = client.post(
        f"{url}?next=review",
        {
            "lock_version": document.lock_version,
            "review_due_0": default.day,
            "review_due_1": default.month,
            "review_due_2": default.year,
        },
    )
    assert response.url == reverse("guidance:review_list")
    document.refresh_from_db()
    assert document.review_due == default
    assert document.last_reviewed_by == colleague
    assert timezone.now() - document.last_reviewed_at < datetime.timedelta(minutes=5)
    rows = table_rows(client.get(reverse("guidance:review_list")))
    assert "Monitoring: counting & reporting" not in [row[0] for row in rows]


def test_next_review_date_is_a_year_on_even_from_29_february():
    assert next_review_date(datetime.date(2026, 3, 14)) == datetime.date(2027, 3, 14)
    assert next_review_date(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


def test_review_date_in_the_past_is_refused(client, colleague, schedule):
    document = schedule["overdue"]
    client.force_login(colleague)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("guidance:document_reviewed", kwargs={"slug": document.slug}),
        {
            "lock_version": document.lock_version,
            "review_due_0": yesterday.day,
            "review_due_1": yesterday.month,
            "review_due_2": yesterday.year,
        },
    )
    assert "Review date must be in the future" in text(response)
    document.refresh_from_db()
    assert document.last_reviewed_at is None


def test_reminder_command_emails_each_owner_their_overdue_documents_once(
    project_team, colleague, schedule
):
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    assert "Review reminders queued for 2 owners." in out.getvalue()
    by_owner = {message.to[0]: message for message in mail.outbox}
    assert set(by_owner) == {project_team.email, colleague.email}
    mine = by_owner[project_team.email]
    assert mine.subject == "Guidance overdue for review: 1 document"
    assert "Monitoring: counting & reporting: review was due on" in mine.body
    assert "(40 days ago)" in mine.body
    assert "Allies" not in mine.body and "Senior" not in mine.body  # not overdue yet
    assert "Procurement's shared answer" in by_owner[colleague.email].body
    assert "/guidance/unsubscribe/" in mine.body

    mail.outbox.clear()
    call_command("send_review_reminders", stdout=io.StringIO())
    assert mail.outbox == []


def test_owner_is_reminded_again_when_the_next_review_date_passes(
    client, project_team, colleague, schedule
):
    call_command("send_review_reminders", stdout=io.StringIO())
    document = schedule["overdue"]
    client.force_login(project_team)
    next_due = timezone.localdate() + datetime.timedelta(days=10)
    client.post(
        reverse("guidance:document_reviewed", kwargs={"slug": document.slug}),
        {
            "lock_version": document.lock_version,
            "review_due_0": next_due.day,
            "review_due_1": next_due.month,
            "review_due_2": next_due.year,
        },
    )
    mail.outbox.clear()
    # Two weeks on, that date has passed too, and two documents that were due soon are overdue.
    later = timezone.now() + datetime.timedelta(days=14)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("send_review_reminders", stdout=io.StringIO())
    by_owner = {message.to[0]: message.body for message in mail.outbox}
    assert "Monitoring: counting & reporting" in by_owner[project_team.email]
    assert "(4 days ago)" in by_owner[project_team.email]
    assert "Allies: what counts: review was due" in by_owner[project_team.email]
    # Already reminded about its date: not again.
    assert "Procurement's shared answer" not in by_owner[colleague.email]
    assert "Senior leadership sponsors" in by_owner[colleague.email]


def test_owner_can_stop_reminders_from_the_email(client, project_team, colleague, schedule):
    call_command("send_review_reminders", stdout=io.StringIO())
    mine = next(message for message in mail.outbox if message.to == [project_team.email])
    path = re.search(r"http\S+(/guidance/unsubscribe/\S+/)", mine.body).group(1)
    client.logout()
    page = text(client.get(path))
    assert "reminders about guidance you own that is overdue for review" in page
    client.post(path)
    assert GuidanceReader.objects.get(user=project_team).review_reminders is False
    # Even a review date not yet reminded about is not reminded to them; others still are.
    Document.objects.update(reminded_for=None)
    mail.outbox.clear()
    call_command("send_review_reminders", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [[colleague.email]]


def test_reminders_can_be_turned_back_on(client, project_team):
    GuidanceReader.objects.create(user=project_team, review_reminders=False)
    client.force_login(project_team)
    client.post(reverse("guidance:review_reminders"), {"review_reminders": "yes"})
    assert GuidanceReader.objects.get(user=project_team).review_reminders is True


def test_failed_reminder_is_retried(project_team, colleague, schedule):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages
    failed = []

    def flaky(self, messages):
        if not failed:
            failed.append(messages[0].to)
            raise smtplib.SMTPServerDisconnected("down")
        return real_send(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", flaky):
        call_command("send_review_reminders", stdout=io.StringIO())
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [project_team.email, colleague.email]
    )
    assert not Document.objects.filter(review_due__lt=timezone.localdate(), reminded_for=None)
