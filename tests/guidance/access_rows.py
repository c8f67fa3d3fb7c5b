"""Access-matrix rows for the guidance URLs: see tests/access.py."""

from django.utils import timezone

from tests.access import (
    BAD_REQUEST,
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


# Guidance documents. The project-team role wrote every fixture document; a colleague on the
# project team reviewed and published them. Readers get 404 for drafts (not visible) and 403
# for changes to published guidance.


def doc(name):
    return lambda fixture: {"slug": fixture(name).slug}


def revisions(name, older=0, newer=1):
    def kwargs(fixture):
        document = fixture(name)
        published = list(document.revisions.published().order_by("number"))
        return {"slug": document.slug, "a": published[older].pk, "b": published[newer].pk}

    return kwargs


def readers(status, **others):
    """Every non-project-team role gets ``status``; the rest as given."""
    return roles(member=status, lead=status, other_lead=status, **others)


WRITERS_OK = {"project_team": OK, "admin": OK}
WRITERS_REDIRECT = {"project_team": REDIRECT, "admin": REDIRECT}

DRAFT_DATA = lambda fixture: {  # noqa: E731
    "lock_version": fixture("published_document").lock_version,
    "title": "Allies & role models: what counts",
    "summary": "Updated summary.",
    "body": "## Evidence\n\nNew words.",
}
NEW_DOCUMENT = lambda fixture: {  # noqa: E731
    "title": "Monitoring: what to count",
    "summary": "Which figures the marker asks for.",
    "body": "## Figures\n\nCount declarations.",
    "owner": fixture("project_team").pk,
    "review_due_0": "1",
    "review_due_1": "1",
    "review_due_2": str(timezone.localdate().year + 1),
}


def locked(name, **data):
    return lambda fixture: {"lock_version": fixture(name).lock_version, **data}


ROWS += [
    Row("guidance:document_list", signed_in(OK)),
    Row("guidance:document_list", signed_in(OK), query="criteria_round=999&section=x&page=99"),
    Row("guidance:document_create", readers(FORBIDDEN, **WRITERS_OK)),
    Row(
        "guidance:document_create",
        readers(FORBIDDEN, **WRITERS_REDIRECT),
        method="post",
        data=NEW_DOCUMENT,
    ),
    Row("guidance:review_list", readers(FORBIDDEN, **WRITERS_OK)),
    Row("guidance:review_csv", readers(FORBIDDEN, **WRITERS_OK)),
    Row("guidance:subscription_list", signed_in(OK)),
    Row(
        "guidance:subscription_list",
        signed_in(REDIRECT),
        method="post",
        data=lambda fixture: {"everything": "on"},
    ),
    Row(
        "guidance:subscription_delete",
        roles(others=NOT_FOUND, member=REDIRECT),
        kwargs=lambda fixture: {"pk": fixture("member_subscription").pk},
        method="post",
    ),
    Row(
        "guidance:subscription_delete",
        signed_in(NOT_ALLOWED),
        kwargs=lambda fixture: {"pk": fixture("member_subscription").pk},
    ),
    Row(
        "guidance:review_reminders",
        readers(FORBIDDEN, project_team=NOT_ALLOWED, admin=NOT_ALLOWED),
    ),
    Row(
        "guidance:review_reminders",
        readers(FORBIDDEN, **WRITERS_REDIRECT),
        method="post",
        data=lambda fixture: {"review_reminders": "no"},
    ),
    Row(
        "guidance:unsubscribe",
        everyone(OK),
        kwargs=lambda fixture: {"token": fixture("member_unsubscribe_token")},
    ),
    Row(
        "guidance:unsubscribe",
        everyone(OK),
        kwargs=lambda fixture: {"token": fixture("member_unsubscribe_token")},
        method="post",
    ),
    Row(
        "guidance:unsubscribe",
        everyone(BAD_REQUEST),
        kwargs=lambda fixture: {"token": fixture("member_unsubscribe_token")[:-3] + "abc"},
    ),
    Row("guidance:document_detail", signed_in(OK), kwargs=doc("published_document")),
    Row("guidance:document_detail", signed_in(OK), kwargs=doc("withdrawn_document")),
    Row(
        "guidance:document_detail",
        readers(NOT_FOUND, **WRITERS_REDIRECT),
        kwargs=doc("draft_document"),
        query="draft",
    ),
    Row("guidance:document_updates", signed_in(OK), kwargs=doc("published_document")),
    Row(
        "guidance:document_updates",
        readers(NOT_FOUND, **WRITERS_OK),
        kwargs=doc("draft_document"),
    ),
    Row("guidance:document_compare", signed_in(OK), kwargs=revisions("published_document")),
    Row(
        "guidance:document_compare",
        signed_in(NOT_FOUND),
        kwargs=lambda fixture: {**revisions("published_document")(fixture), "b": 999_999},
        query="missing",
    ),
    Row(
        "guidance:document_compare",
        signed_in(NOT_FOUND),
        kwargs=lambda fixture: {
            **revisions("published_document")(fixture),
            "b": fixture("unreviewed_document").current_revision_id,
        },
        query="other-document",
    ),
    Row(
        "guidance:document_compare",
        readers(NOT_FOUND, **WRITERS_OK),
        kwargs=lambda fixture: {
            "slug": fixture("in_review_document").slug,
            "a": fixture("in_review_document").open_draft().pk,
            "b": fixture("in_review_document").open_draft().pk,
        },
        query="draft",
    ),
    Row(
        "guidance:draft_detail", readers(NOT_FOUND, **WRITERS_OK), kwargs=doc("in_review_document")
    ),
    Row(
        "guidance:draft_detail",
        readers(FORBIDDEN, **WRITERS_REDIRECT),
        kwargs=doc("published_document"),
        query="no-draft",
    ),
    Row("guidance:document_edit", readers(NOT_FOUND, **WRITERS_OK), kwargs=doc("draft_document")),
    Row(
        "guidance:document_edit",
        readers(FORBIDDEN, **WRITERS_OK),
        kwargs=doc("published_document"),
    ),
    Row(
        "guidance:document_edit",
        readers(FORBIDDEN, **WRITERS_REDIRECT),
        kwargs=doc("published_document"),
        method="post",
        data=DRAFT_DATA,
    ),
    Row(
        "guidance:document_edit",
        readers(FORBIDDEN, project_team=FORBIDDEN, admin=FORBIDDEN),
        kwargs=doc("withdrawn_document"),
        query="withdrawn",
    ),
    Row(
        "guidance:document_details",
        readers(FORBIDDEN, **WRITERS_OK),
        kwargs=doc("published_document"),
    ),
    Row(
        "guidance:document_details",
        readers(FORBIDDEN, **WRITERS_REDIRECT),
        kwargs=doc("published_document"),
        method="post",
        data=lambda fixture: {
            "lock_version": fixture("published_document").lock_version,
            "owner": fixture("colleague").pk,
            "review_due_0": "2",
            "review_due_1": "3",
            "review_due_2": str(timezone.localdate().year + 1),
        },
    ),
    Row("guidance:draft_submit", readers(NOT_FOUND, **WRITERS_OK), kwargs=doc("draft_document")),
    Row(
        "guidance:draft_submit",
        readers(NOT_FOUND, **WRITERS_REDIRECT),
        kwargs=doc("draft_document"),
        method="post",
        data=lambda fixture: {
            "lock_version": fixture("draft_document").lock_version,
            "reviewer": fixture("colleague").pk,
        },
    ),
    # The author cannot send back their own draft; the admin did not write it.
    Row(
        "guidance:draft_send_back",
        readers(NOT_FOUND, project_team=FORBIDDEN, admin=OK),
        kwargs=doc("in_review_document"),
    ),
    Row(
        "guidance:draft_send_back",
        readers(NOT_FOUND, project_team=FORBIDDEN, admin=REDIRECT),
        kwargs=doc("in_review_document"),
        method="post",
        data=lambda fixture: locked("in_review_document", note="Add the 2024 dates.")(fixture),
    ),
    Row("guidance:draft_publish", readers(NOT_FOUND, **WRITERS_OK), kwargs=doc("draft_document")),
    Row(
        "guidance:draft_publish",
        readers(NOT_FOUND, **WRITERS_REDIRECT),
        kwargs=doc("draft_document"),
        method="post",
        data=lambda fixture: locked(
            "draft_document", change_note="First published.", unreviewed_reason="Urgent."
        )(fixture),
    ),
    Row(
        "guidance:draft_publish",
        readers(FORBIDDEN, project_team=FORBIDDEN, admin=FORBIDDEN),
        kwargs=doc("published_document"),
        query="no-draft",
    ),
    # Only someone who neither wrote nor published it may approve it afterwards.
    Row(
        "guidance:revision_approve",
        readers(FORBIDDEN, project_team=FORBIDDEN, admin=REDIRECT),
        kwargs=lambda fixture: {
            "slug": fixture("unreviewed_document").slug,
            "pk": fixture("unreviewed_document").current_revision_id,
        },
        method="post",
    ),
    Row(
        "guidance:revision_approve",
        signed_in(NOT_ALLOWED),
        kwargs=lambda fixture: {
            "slug": fixture("unreviewed_document").slug,
            "pk": fixture("unreviewed_document").current_revision_id,
        },
    ),
    Row(
        "guidance:document_reviewed",
        readers(FORBIDDEN, **WRITERS_OK),
        kwargs=doc("published_document"),
    ),
    Row(
        "guidance:document_reviewed",
        readers(FORBIDDEN, **WRITERS_REDIRECT),
        kwargs=doc("published_document"),
        method="post",
        data=lambda fixture: locked(
            "published_document",
            review_due_0="5",
            review_due_1="6",
            review_due_2=str(timezone.localdate().year + 1),
        )(fixture),
    ),
    Row(
        "guidance:document_withdraw",
        readers(FORBIDDEN, **WRITERS_OK),
        kwargs=doc("published_document"),
    ),
    Row(
        "guidance:document_withdraw",
        readers(FORBIDDEN, **WRITERS_REDIRECT),
        kwargs=doc("published_document"),
        method="post",
        data=lambda fixture: locked("published_document", explanation="Out of date.")(fixture),
    ),
]


# Standard responses and the answers that use them. Entering an answer is for the
# organisation's people (the other lead gets 404) and the project team, who correct any
# submission; the actions are POST only.


def section_of(name):
    return lambda fixture: {"pk": fixture(name).pk, "number": 3}


USE_DATA = lambda fixture: {"revision": fixture("standard_response").current_revision_id}  # noqa: E731
ENTRY_POST = roles(others=REDIRECT, other_lead=NOT_FOUND)
NEW_STANDARD_RESPONSE = lambda fixture: {  # noqa: E731
    "section": fixture("answer_section").pk,
    "title": "Learning and development: model answer",
    "summary": "The central curriculum, in words a department can submit.",
    "body": "All staff complete the Civil Service diversity and inclusion course.",
    "evidence": "",
    "owner": fixture("project_team").pk,
    "review_due_0": "1",
    "review_due_1": "1",
    "review_due_2": str(timezone.localdate().year + 1),
}

ROWS += [
    Row("guidance:standard_response_list", signed_in(OK)),
    Row("guidance:standard_response_create", readers(FORBIDDEN, **WRITERS_OK)),
    Row(
        "guidance:standard_response_create",
        readers(FORBIDDEN, **WRITERS_REDIRECT),
        method="post",
        data=NEW_STANDARD_RESPONSE,
    ),
    Row("guidance:answer_use", signed_in(NOT_ALLOWED), kwargs=section_of("submission")),
    Row(
        "guidance:answer_use",
        ENTRY_POST,
        kwargs=section_of("submission"),
        method="post",
        data=USE_DATA,
    ),
    Row(
        "guidance:answer_newer_dismiss",
        signed_in(NOT_ALLOWED),
        kwargs=section_of("submission"),
    ),
    Row(
        "guidance:answer_newer_dismiss",
        ENTRY_POST,
        kwargs=lambda fixture: {"pk": fixture("used_answer").submission_id, "number": 3},
        method="post",
    ),
]


# The marking-consistency report: the project team's (and admins'); it includes private
# submissions, so nobody else may open it (403).


def group_of(fixture):
    group = fixture("consistency_group")
    return {"year": 2019, "number": 3, "key": min(r.pk for r in group.values())}


CONSISTENCY = readers(FORBIDDEN, **WRITERS_OK)

ROWS += [
    Row("guidance:consistency_index", CONSISTENCY),
    Row(
        "guidance:consistency_edition",
        CONSISTENCY,
        kwargs=lambda fixture: fixture("consistency_group") and {"year": 2019},
    ),
    Row(
        "guidance:consistency_edition",
        readers(FORBIDDEN, project_team=NOT_FOUND, admin=NOT_FOUND),
        kwargs=lambda fixture: {"year": 1999},
        query="missing",
    ),
    Row(
        "guidance:consistency_section",
        CONSISTENCY,
        kwargs=lambda fixture: fixture("consistency_group") and {"year": 2019, "number": 3},
    ),
    Row(
        "guidance:consistency_section",
        readers(FORBIDDEN, project_team=NOT_FOUND, admin=NOT_FOUND),
        kwargs=lambda fixture: fixture("edition") and {"year": 2019, "number": 99},
        query="missing",
    ),
    Row("guidance:consistency_group", CONSISTENCY, kwargs=group_of),
    Row(
        "guidance:consistency_group",
        readers(FORBIDDEN, project_team=NOT_FOUND, admin=NOT_FOUND),
        kwargs=lambda fixture: fixture("edition") and {"year": 2019, "number": 3, "key": 1},
        query="missing",
    ),
    Row("guidance:consistency_pack", CONSISTENCY, kwargs=group_of),
    Row("guidance:consistency_pack", CONSISTENCY, kwargs=group_of, query="names=all"),
    Row("guidance:consistency_pack_xlsx", CONSISTENCY, kwargs=group_of),
]
