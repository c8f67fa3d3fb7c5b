"""Comparing revisions: what was added and removed, marked by more than colour."""

import itertools

import pytest
from django.urls import reverse

from guidance.documents.diff import DELETE, EQUAL, INSERT, diff_text
from tests.guidance.factories import document_edit, document_publish
from tests.guidance.pages import text

OLD = (
    "## What the marker looks for\n\n"
    "Evidence that every policy names same-sex partners, with a review date.\n\n"
    "- Link each policy\n- Quote the sentence that applies\n"
)
NEW = (
    "## What the marker looks for\n\n"
    "Evidence that every policy names same-sex partners & trans staff, with a review date.\n\n"
    "- Link each policy\n"
)


def rebuild(segments, keep):
    return "".join(segment.text for segment in segments if segment.op in (EQUAL, keep))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (OLD, NEW),
        (NEW, OLD),
        ("", NEW),
        (OLD, ""),
        ("one line without a newline", "one line, changed, without a newline"),
        ("Ünïcode “quotes” – dashes\r\nand CRLF\r\n", "Unicode quotes - dashes\nand LF\n"),
        ("same", "same"),
    ],
)
def test_diff_gives_back_both_texts_exactly(old, new):
    segments = diff_text(old, new)
    assert rebuild(segments, DELETE) == old
    assert rebuild(segments, INSERT) == new
    # Neighbouring segments never share an operation.
    assert all(a.op != b.op for a, b in itertools.pairwise(segments))


def test_one_changed_word_is_marked_as_one_word():
    segments = diff_text("Ask your sponsor in June.\n", "Ask your sponsor in May.\n")
    assert [(s.op, s.text) for s in segments if s.op != EQUAL] == [
        (DELETE, "June."),
        (INSERT, "May."),
    ]


def test_long_bodies_compare_quickly():
    old = "\n".join(f"Paragraph {n}: the network met {n} times." for n in range(3000))
    new = old.replace("Paragraph 1500:", "Paragraph fifteen hundred:")
    segments = diff_text(old, new)
    assert [s.text for s in segments if s.op == INSERT] == ["fifteen hundred:"]


@pytest.mark.django_db
def test_compare_page_marks_insertions_and_deletions_for_everyone(
    client, published_document, project_team, colleague, member, other_section
):
    document_edit(
        published_document,
        by=project_team,
        title="Allies & role models: what counts now",
        body=published_document.current_revision.body.replace(
            "Quote the sentence", "Copy the sentence"
        ),
        sections=[other_section],
    )
    newest = document_publish(published_document, by=colleague, change_note="Clearer wording.")
    older = published_document.revisions.get(number=2)
    client.force_login(member)
    url = reverse(
        "guidance:document_compare",
        kwargs={"slug": published_document.slug, "a": older.pk, "b": newest.pk},
    )
    response = client.get(url)
    content = response.content.decode()
    page = text(response)
    assert page.startswith("What changed from revision 2 to revision 3: Allies & role models")
    assert "Clearer wording." in page
    assert "[removed: Quote" in page and "[added: Copy" in page
    assert "[added: now" in page
    # Sections are compared too.
    assert "[added: 2018–2020: 7. Procurement ]" in page
    assert "[removed: 2018–2020: 4. Allies and Role Models ]" in page
    # Readable without JavaScript: the marks are in the page itself.
    assert content.count("<ins") >= 3 and content.count("<del") >= 2


@pytest.mark.django_db
def test_compare_escapes_what_was_typed(client, published_document, project_team, colleague):
    document_edit(
        published_document,
        by=project_team,
        body=published_document.current_revision.body + "\nUse `<b>` tags & links.\n",
    )
    newest = document_publish(published_document, by=colleague, change_note="Formatting tip.")
    client.force_login(colleague)
    url = reverse(
        "guidance:document_compare",
        kwargs={
            "slug": published_document.slug,
            "a": published_document.revisions.get(number=2).pk,
            "b": newest.pk,
        },
    )
    content = client.get(url).content.decode()
    assert "Use `&lt;b&gt;` tags &amp; links." in content
    assert "<b>" not in content


@pytest.mark.django_db
def test_draft_can_be_compared_with_the_published_version_by_the_project_team_only(
    client, published_document, project_team, member
):
    draft = document_edit(published_document, by=project_team, title="A draft title")
    url = reverse(
        "guidance:document_compare",
        kwargs={
            "slug": published_document.slug,
            "a": published_document.current_revision_id,
            "b": draft.pk,
        },
    )
    client.force_login(project_team)
    response = client.get(url)
    assert "What changed from revision 2 to the draft" in text(response)
    assert "[added: draft" in text(response)
    client.force_login(member)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_compare_addresses_naming_other_revisions_are_not_found(
    client, published_document, unreviewed_document, member
):
    client.force_login(member)
    mine = published_document.current_revision_id
    for a, b in [(mine, 10**9), (mine, unreviewed_document.current_revision_id), (10**9, mine)]:
        url = reverse(
            "guidance:document_compare", kwargs={"slug": published_document.slug, "a": a, "b": b}
        )
        assert client.get(url).status_code == 404
