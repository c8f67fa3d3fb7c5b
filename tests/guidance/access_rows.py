"""Access-matrix rows for the guidance URLs: see tests/access.py."""

from tests.access import (
    FORBIDDEN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    Row,
    everyone,
    roles,
    signed_in,
)


def entry(name):
    return lambda fixture: {"pk": fixture(name).pk}


REASON = lambda fixture: {"reason": "Out of date."}  # noqa: E731

# A draft is seen by its network (member, lead) and the project team; the other lead gets 404.
DRAFT_VISIBLE = {"member": OK, "lead": OK, "other_lead": NOT_FOUND, "project_team": OK}

ROWS = [
    Row("guidance:entry_list", signed_in(OK)),
    Row("guidance:entry_list", signed_in(OK), query="q=allies&section=999&page=99"),
    Row("guidance:entry_create", roles(others=OK, project_team=FORBIDDEN, admin=FORBIDDEN)),
    Row("guidance:entry_detail", signed_in(OK), kwargs=entry("published_entry")),
    Row("guidance:entry_detail", signed_in(OK), kwargs=entry("withdrawn_entry")),
    Row(
        "guidance:entry_detail",
        roles(**DRAFT_VISIBLE, admin=OK),
        kwargs=entry("draft_entry"),
        query="draft",
    ),
    Row(
        "guidance:entry_edit",
        roles(others=NOT_FOUND, member=OK, lead=OK),
        kwargs=entry("draft_entry"),
    ),
    Row(
        "guidance:entry_edit",
        roles(others=NOT_FOUND, member=OK, lead=OK),
        kwargs=entry("published_entry"),
    ),
    Row(
        "guidance:entry_publish",
        roles(
            member=FORBIDDEN,
            lead=OK,
            other_lead=NOT_FOUND,
            project_team=FORBIDDEN,
            admin=FORBIDDEN,
        ),
        kwargs=entry("draft_entry"),
    ),
    Row(
        "guidance:entry_publish",
        roles(
            member=FORBIDDEN,
            lead=REDIRECT,
            other_lead=NOT_FOUND,
            project_team=FORBIDDEN,
            admin=FORBIDDEN,
        ),
        kwargs=entry("draft_entry"),
        method="post",
    ),
    Row(
        "guidance:entry_send_back",
        roles(
            member=FORBIDDEN,
            lead=OK,
            other_lead=NOT_FOUND,
            project_team=FORBIDDEN,
            admin=FORBIDDEN,
        ),
        kwargs=entry("draft_entry"),
    ),
    Row(
        "guidance:entry_send_back",
        roles(
            member=FORBIDDEN,
            lead=REDIRECT,
            other_lead=NOT_FOUND,
            project_team=FORBIDDEN,
            admin=FORBIDDEN,
        ),
        kwargs=entry("draft_entry"),
        method="post",
        data=REASON,
    ),
    Row(
        "guidance:entry_withdraw",
        roles(member=FORBIDDEN, lead=OK, other_lead=FORBIDDEN, project_team=OK, admin=OK),
        kwargs=entry("published_entry"),
    ),
    Row(
        "guidance:entry_withdraw",
        roles(
            member=FORBIDDEN,
            lead=REDIRECT,
            other_lead=FORBIDDEN,
            project_team=REDIRECT,
            admin=REDIRECT,
        ),
        kwargs=entry("published_entry"),
        method="post",
        data=REASON,
    ),
    Row("guidance:entry_helpful", roles(others=NOT_ALLOWED), kwargs=entry("published_entry")),
    Row(
        "guidance:entry_helpful",
        signed_in(REDIRECT),
        kwargs=entry("published_entry"),
        method="post",
    ),
    Row(
        "guidance:entry_helpful",
        roles(others=NOT_FOUND),
        kwargs=entry("draft_entry"),
        method="post",
    ),
    Row(
        "guidance:attachment_download",
        signed_in(OK),
        kwargs=entry("published_attachment"),
    ),
    Row(
        "guidance:attachment_download",
        roles(**DRAFT_VISIBLE, admin=OK),
        kwargs=entry("draft_attachment"),
    ),
    # A withdrawn entry's page stays open to all; its files only to its network and the
    # project team.
    Row(
        "guidance:attachment_download",
        roles(**DRAFT_VISIBLE, admin=OK),
        kwargs=entry("withdrawn_attachment"),
    ),
    Row("guidance:section_entries", signed_in(OK), kwargs=entry("section")),
    Row("guidance:feed_token", signed_in(OK)),
    Row("guidance:feed_token", signed_in(REDIRECT), method="post"),
    Row(
        "guidance:feed",
        everyone(OK),
        kwargs=lambda fixture: {"token": fixture("member_feed_token").token},
    ),
    Row("guidance:feed", everyone(NOT_FOUND), kwargs=lambda fixture: {"token": "not-a-token"}),
]
