"""Reads for the guidance pages, each in a fixed number of queries whatever the data size."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, F, OuterRef, Prefetch, Subquery

from guidance.documents.diff import section_changes, version_diff
from guidance.models import Document, Notification, Revision, Subscription
from submissions.models import CriteriaRound, Section

RECENT_CHANGES = 5
DUE_SOON_DAYS = 30
DASHBOARD_ITEMS = 10


def _sections_in_order():
    return Section.objects.select_related("criteria_round").order_by(
        "-criteria_round__first_year", "number"
    )


def rounds_with_sections():
    """Criteria rounds, newest first, each with its sections in number order."""
    return CriteriaRound.objects.order_by("-first_year").prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("number"))
    )


def _with_reading(queryset):
    return queryset.select_related("current_revision", "latest_major_revision").prefetch_related(
        Prefetch("current_revision__sections", queryset=_sections_in_order())
    )


def document_library(*, criteria_round=None, section=None):
    """Published documents, most recently changed first, with what a list row shows."""
    documents = Document.objects.published()
    if section is not None:
        documents = documents.supporting(section)
    if criteria_round is not None:
        documents = documents.filter(
            Exists(
                Revision.sections.through.objects.filter(
                    revision_id=OuterRef("current_revision_id"),
                    section__criteria_round_id=criteria_round.pk,
                )
            )
        )
    return (
        _with_reading(documents)
        .defer("current_revision__body", "latest_major_revision__body")
        .order_by("-latest_major_revision__published_at", "current_revision__title", "pk")
    )


def recent_changes(limit=RECENT_CHANGES):
    """The latest major revisions of published documents, newest first."""
    return (
        Revision.objects.published()
        .filter(change_type=Revision.ChangeType.MAJOR, document__status=Document.Status.PUBLISHED)
        .select_related("document")
        .defer("body")
        .order_by("-published_at", "-pk")[:limit]
    )


def open_drafts():
    """Drafts and drafts in review, for the project team's list, oldest change first."""
    return (
        Revision.objects.open()
        .exclude(document__status=Document.Status.WITHDRAWN)
        .select_related("document", "reviewer", "last_edited_by", "review_note_by")
        .order_by("last_edited_at", "pk")
    )


def published_revisions(document):
    """Every published revision, newest first, each knowing the one before it."""
    revisions = list(
        document.revisions.published()
        .select_related("author", "published_by", "reviewed_by")
        .order_by("-number")
    )
    for index, revision in enumerate(revisions):
        older = revisions[index + 1] if index + 1 < len(revisions) else None
        revision.previous = older
    return revisions


def comparison(older, newer):
    """What changed from ``older`` to ``newer``: words, and sections added or removed."""
    return {
        "fields": version_diff(older, newer),
        "sections": section_changes(
            list(
                older.sections.select_related("criteria_round").order_by(
                    "-criteria_round__first_year", "number"
                )
            ),
            list(
                newer.sections.select_related("criteria_round").order_by(
                    "-criteria_round__first_year", "number"
                )
            ),
        ),
    }


def edit_conflict(document, opened_version):
    """What changed since a form was opened at ``opened_version``.

    The words as they were then are the last save at or before that version (the draft's
    history, or the revision published then); they are compared with the words now.
    """
    opened = (
        Revision.history.filter(document_id=document.pk, saved_version__lte=opened_version)
        .order_by("-saved_version", "-history_id")
        .first()
    )
    now = document.open_draft() or document.current_revision
    if now is None:
        return None
    return {
        "fields": [field for field in version_diff(opened, now) if field.changed],
        "changed_by": document.changed_by,
        "changed_at": document.changed_at,
        "status": document.get_status_display(),
        "draft_state": now.get_state_display() if not now.is_published else "",
    }


@dataclass(frozen=True)
class ReviewRow:
    document: Document
    days: int  # negative when overdue

    @property
    def overdue(self):
        return self.days < 0

    @property
    def days_overdue(self):
        return max(-self.days, 0)


REVIEW_SORTS = {
    "due": ("review_due", "current_revision__title", "pk"),
    "-due": ("-review_due", "current_revision__title", "pk"),
    "title": ("current_revision__title", "pk"),
    "-title": ("-current_revision__title", "-pk"),
    "owner": ("owner__full_name", "owner__email", "review_due", "pk"),
    "-owner": ("-owner__full_name", "-owner__email", "review_due", "pk"),
}


def review_schedule(*, today: datetime.date, sort="due"):
    """Published documents overdue for review or due within 30 days."""
    ordering = REVIEW_SORTS.get(sort, REVIEW_SORTS["due"])
    documents = (
        Document.objects.published()
        .filter(review_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related("current_revision", "owner", "last_reviewed_by")
        .order_by(*ordering)
    )
    return [ReviewRow(document, (document.review_due - today).days) for document in documents]


def people_holding(permission):
    """Active people holding a permission (the project team and admins), by name."""
    return ModelBackend().with_perm(permission).order_by("full_name", "email")


def reviewers_for(*, revision, requested_by):
    """Project-team people who may review the draft: anyone who may publish but wrote none
    of it. Checked by the review rule itself, so admins are held to it too."""
    candidates = people_holding("guidance.publish_document").exclude(pk=requested_by.pk)
    return [user for user in candidates if user.has_perm("guidance.review_revision", revision)]


def section_guidance(section):
    """Published guidance that supports the section, by title."""
    return (
        Document.objects.published()
        .supporting(section)
        .select_related("current_revision")
        .order_by("current_revision__title", "pk")
    )


def subscriptions_of(user):
    return (
        Subscription.objects.filter(user=user)
        .select_related("document__current_revision", "section__criteria_round")
        .order_by("document_id", "section__criteria_round__first_year", "section__number", "pk")
    )


def is_subscribed(user, document):
    return Subscription.objects.filter(user=user, document=document).first()


def dashboard_guidance(*, user, since):
    """Unread notifications, guidance updated since the last visit, drafts awaiting review."""
    previous = (
        Revision.objects.published()
        .filter(
            document_id=OuterRef("revision__document_id"), number__lt=OuterRef("revision__number")
        )
        .order_by("-number")
        .values("pk")[:1]
    )
    notifications = list(
        Notification.objects.filter(user=user, read_at__isnull=True)
        .annotate(previous_revision_id=Subquery(previous))
        .select_related("revision__document")
        .order_by("-revision__published_at", "-pk")[:DASHBOARD_ITEMS]
    )
    notified = {notification.revision.document_id for notification in notifications}
    updated = [
        revision
        for revision in Revision.objects.published()
        .filter(
            change_type=Revision.ChangeType.MAJOR,
            published_at__gt=since,
            document__status=Document.Status.PUBLISHED,
        )
        .filter(pk=F("document__latest_major_revision_id"))
        .select_related("document")
        .order_by("-published_at", "-pk")[:DASHBOARD_ITEMS]
        if revision.document_id not in notified
    ]
    to_review = []
    if user.has_perm("guidance.publish_document"):
        to_review = list(
            Revision.objects.filter(state=Revision.State.IN_REVIEW, reviewer=user)
            .exclude(document__status=Document.Status.WITHDRAWN)
            .select_related("document", "review_requested_by")
            .order_by("review_requested_at", "pk")
        )
    return {"notifications": notifications, "updated": updated, "to_review": to_review}
