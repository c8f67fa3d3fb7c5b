"""Two people editing the same draft: the later save is refused and nothing is lost."""

import pytest
from django.urls import reverse

from guidance.documents import selectors, services
from guidance.models import Document, Revision
from tests.guidance.pages import text
from weiportal.locking import EditConflict

pytestmark = pytest.mark.django_db

CONFLICT = "This was changed by someone else since you opened it"


def edit_data(document, version, **changes):
    draft = document.open_draft() or document.current_revision
    return {
        "lock_version": version,
        "title": changes.get("title", draft.title),
        "summary": changes.get("summary", draft.summary),
        "body": changes.get("body", draft.body),
    }


def test_later_save_of_the_same_draft_is_refused_and_shows_what_changed(
    client, draft_document, project_team, colleague
):
    url = reverse("guidance:document_edit", kwargs={"slug": draft_document.slug})
    opened = draft_document.lock_version
    original_body = draft_document.open_draft().body

    # The colleague saves first, from a form opened at the same version.
    client.force_login(colleague)
    first = client.post(
        url, edit_data(draft_document, opened, body=original_body + "\nColleague's paragraph.\n")
    )
    assert first.status_code == 302

    # The author's save, from the older form, is refused.
    client.force_login(project_team)
    mine = original_body + "\nAuthor's paragraph.\n"
    response = client.post(url, edit_data(draft_document, opened, body=mine))
    assert response.status_code == 200
    page = text(response)
    assert CONFLICT in page
    assert page.startswith(f"Error: Edit {draft_document.open_draft().title}")
    assert "Nothing was saved" in page
    assert "Sam O'Neill changed this document" in page
    # What changed since they opened it: the colleague's words, marked as added.
    content = response.content.decode()
    assert "<ins" in content and "Colleague&#x27;s paragraph." in content
    assert "[added: " in page

    draft = Revision.objects.open().get(document=draft_document)
    assert "Colleague's paragraph." in draft.body
    assert "Author's paragraph." not in draft.body
    # Their own words are still in the form, which now carries the current version.
    form = response.context["form"]
    assert form["body"].value() == mine
    draft_document.refresh_from_db()
    assert form["lock_version"].value() == str(draft_document.lock_version)
    assert f'value="{draft_document.lock_version}"' in content

    # Saving again, having merged both, keeps both.
    merged = original_body + "\nColleague's paragraph.\n\nAuthor's paragraph.\n"
    again = client.post(url, edit_data(draft_document, draft_document.lock_version, body=merged))
    assert again.status_code == 302
    assert Revision.objects.open().get(document=draft_document).body == merged.strip()


def test_stale_publish_is_refused_so_the_reviewer_publishes_only_what_they_read(
    client, in_review_document, project_team, colleague
):
    seen = in_review_document.lock_version
    draft = in_review_document.open_draft()
    services.draft_save(
        document=in_review_document,
        by=project_team,
        lock_version=seen,
        title=draft.title,
        summary=draft.summary,
        body=draft.body + "\nA late change the reviewer has not read.\n",
        sections=[],
    )
    client.force_login(colleague)
    response = client.post(
        reverse("guidance:draft_publish", kwargs={"slug": in_review_document.slug}),
        {"lock_version": seen, "change_note": "First published."},
    )
    assert response.status_code == 200
    assert CONFLICT in text(response)
    assert "A late change the reviewer has not read." in text(response)
    assert not Revision.objects.published().exists()
    in_review_document.refresh_from_db()
    assert in_review_document.status == Document.Status.IN_REVIEW


def test_edit_opened_before_a_publication_is_refused(client, published_document, colleague):
    """A form opened on the published words, saved after someone else published a new
    revision, is refused: the conflict shows the words that were published meanwhile."""
    opened = published_document.lock_version
    client.force_login(colleague)
    url = reverse("guidance:document_edit", kwargs={"slug": published_document.slug})
    client.post(url, edit_data(published_document, opened, title="Allies: the new title"))
    published_document.refresh_from_db()
    services.revision_publish(
        document=published_document,
        by=colleague,
        lock_version=published_document.lock_version,
        change_type="minor",
        unreviewed_reason="A title fix.",
    )
    response = client.post(url, edit_data(published_document, opened, body="Replaced wholesale."))
    assert CONFLICT in text(response)
    assert "Allies: the new title" in text(response)
    published_document.refresh_from_db()
    assert published_document.current_revision.body != "Replaced wholesale."
    assert not published_document.revisions.open().exists()


def test_stale_details_and_withdrawal_are_refused(client, published_document, colleague):
    opened = published_document.lock_version
    services.document_mark_reviewed(
        document=published_document,
        by=colleague,
        lock_version=opened,
        review_due=published_document.review_due.replace(
            year=published_document.review_due.year + 1
        ),
    )
    client.force_login(colleague)
    response = client.post(
        reverse("guidance:document_withdraw", kwargs={"slug": published_document.slug}),
        {"lock_version": opened, "explanation": "Out of date."},
    )
    assert CONFLICT in text(response)
    published_document.refresh_from_db()
    assert published_document.status == Document.Status.PUBLISHED


def test_conflict_view_compares_with_the_version_the_form_was_opened_at(
    draft_document, project_team, colleague
):
    opened = draft_document.lock_version
    for step in ("one", "two"):
        draft = draft_document.open_draft()
        draft_document.refresh_from_db()
        services.draft_save(
            document=draft_document,
            by=colleague,
            lock_version=draft_document.lock_version,
            title=draft.title,
            summary=draft.summary,
            body=draft.body + f"\nStep {step}.\n",
            sections=[],
        )
    draft_document.refresh_from_db()
    conflict = selectors.edit_conflict(draft_document, opened)
    body = next(field for field in conflict["fields"] if field.label == "Body")
    inserted = "".join(segment.text for segment in body.segments if segment.is_insert)
    assert "Step one." in inserted and "Step two." in inserted
    # Opened after step one: only step two is new.
    conflict = selectors.edit_conflict(draft_document, opened + 1)
    body = next(field for field in conflict["fields"] if field.label == "Body")
    inserted = "".join(segment.text for segment in body.segments if segment.is_insert)
    assert "Step two." in inserted and "Step one." not in inserted
    assert conflict["changed_by"] == colleague


@pytest.mark.parametrize("version", ["", "abc", "-1", "99999999999999999999"])
def test_missing_or_nonsense_version_is_a_clear_error(
    client, draft_document, project_team, version
):
    client.force_login(project_team)
    url = reverse("guidance:document_edit", kwargs={"slug": draft_document.slug})
    response = client.post(url, edit_data(draft_document, version, title="Changed"))
    assert response.status_code == 200
    assert "There is a problem This form is out of date: open it again" in text(response)
    assert draft_document.open_draft().title != "Changed"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_cannot_both_win(project_team, colleague):
    """Two requests racing on separate connections: the conditional update lets one through."""
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is one connection shared by threads")
    from tests.guidance.factories import document_draft

    document = document_draft(by=project_team, title="Racing")
    opened = document.lock_version
    barrier = threading.Barrier(2)
    outcomes = []

    def save(person, words):
        try:
            barrier.wait()
            services.draft_save(
                document=Document.objects.get(pk=document.pk),
                by=person,
                lock_version=opened,
                title="Racing",
                summary="Who wins?",
                body=words,
                sections=[],
            )
            outcomes.append(("saved", words))
        except EditConflict:
            outcomes.append(("refused", words))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(project_team, "The author's words.")),
        threading.Thread(target=save, args=(colleague, "The colleague's words.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcome for outcome, _ in outcomes) == ["refused", "saved"]
    winner = next(words for outcome, words in outcomes if outcome == "saved")
    draft = Revision.objects.open().get(document=document)
    assert draft.body == winner
    document.refresh_from_db()
    assert document.lock_version == opened + 1
