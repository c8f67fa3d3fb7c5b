"""Writes to guidance documents: drafting, review, publishing, review dates, subscriptions.

Every change to a document first claims its lock version with one conditional UPDATE, in the
same transaction as the save: a form opened before someone else's change raises
``EditConflict`` and nothing is overwritten. Each function checks that the person may act.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from guidance.documents import tasks
from guidance.models import (
    AnswerSource,
    Document,
    GuidanceReader,
    Notification,
    Revision,
    Subscription,
)
from networks.models import Membership, User
from networks.services import guidance_version_bump
from submissions.models import Section, Submission
from weiportal.locking import EditConflict, lock_version_claim

# Paths under /guidance/ that are not documents.
RESERVED_SLUGS = {"new", "review", "subscriptions", "unsubscribe", "standard-responses"}
REVIEW_INTERVAL_MONTHS = 12


def next_review_date(today: datetime.date) -> datetime.date:
    """The default next review: the same day a year on (28 February for 29 February)."""
    year = today.year + REVIEW_INTERVAL_MONTHS // 12
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def _require(user, permission, obj):
    """The object rule allows it (a missing draft or document allows nothing)."""
    if obj is None or not user.has_perm(permission, obj):
        raise PermissionDenied("You cannot do this to this guidance document.")


def _check_review_due(value):
    if value is None:
        raise ValidationError({"review_due": "Enter the review date"})
    if value <= timezone.localdate():
        raise ValidationError({"review_due": "Review date must be in the future"})


def _check_owner(owner):
    if owner is None or not owner.is_active or not owner.has_perm("guidance.change_document"):
        raise ValidationError({"owner": "Select a project-team person as the owner"})


def _claim(*, document: Document, lock_version: int, by: User) -> int:
    """Move the document from the version the form was opened at to the next one, or refuse."""
    return lock_version_claim(
        document, lock_version=lock_version, changed_at=timezone.now(), changed_by=by
    )


def _unique_slug(title):
    base = slugify(title)[:100].strip("-") or "guidance"
    if base in RESERVED_SLUGS:
        base = f"{base}-guidance"
    slug, number = base, 2
    while Document.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _open_draft(document):
    # After the claim no one else can change the document until this transaction ends.
    draft = Revision.objects.select_related("document").filter(
        document=document, state__in=Revision.OPEN_STATES
    )
    return draft.first()


@transaction.atomic
def document_create(
    *,
    by: User,
    title: str,
    summary: str,
    body: str,
    sections: Iterable[Section],
    owner: User,
    review_due: datetime.date,
    standard_response_for: Section | None = None,
    evidence: str = "",
) -> Document:
    """Start a guidance document: a draft only the project team sees.

    With ``standard_response_for`` it is that section's standard response: its body is the
    model answer, and it supports that section alone, always.
    """
    if not by.has_perm("guidance.add_document"):
        raise PermissionDenied("Only the project team writes guidance.")
    _check_owner(owner)
    _check_review_due(review_due)
    kind = Document.Kind.GUIDANCE
    if standard_response_for is not None:
        kind = Document.Kind.STANDARD_RESPONSE
        sections = [standard_response_for]
    document = Document(
        slug=_unique_slug(title),
        owner=owner,
        review_due=review_due,
        changed_by=by,
        kind=kind,
        section=standard_response_for,
    )
    document.full_clean()
    document.save()
    draft = Revision(
        document=document,
        title=title,
        summary=summary,
        body=body,
        evidence=evidence,
        author=by,
        last_edited_by=by,
        saved_version=document.lock_version,
    )
    draft.full_clean()
    draft.save()
    draft.sections.set(sections)
    return document


@transaction.atomic
def draft_save(
    *,
    document: Document,
    by: User,
    lock_version: int,
    title: str,
    summary: str,
    body: str,
    sections: Iterable[Section],
    evidence: str = "",
) -> Revision:
    """Save the words of the document's draft, starting a new draft from a published one.

    Readers keep seeing the published revision until the draft is published. A standard
    response keeps its one section whatever is sent.
    """
    _require(by, "guidance.edit_document", document)
    if document.is_standard_response:
        sections = [document.section]
    version = _claim(document=document, lock_version=lock_version, by=by)
    draft = _open_draft(document)
    if draft is None:
        draft = Revision(document=document, author=by)
    draft.title, draft.summary, draft.body = title, summary, body
    draft.evidence = evidence if document.is_standard_response else ""
    draft.last_edited_by = by
    draft.last_edited_at = timezone.now()
    draft.saved_version = version
    draft.full_clean()
    draft.save()
    draft.sections.set(sections)
    return draft


@transaction.atomic
def document_details_update(
    *, document: Document, by: User, lock_version: int, owner: User, review_due: datetime.date
) -> Document:
    """Change who owns the document and when it is next reviewed."""
    _require(by, "guidance.edit_document", document)
    _check_owner(owner)
    _check_review_due(review_due)
    _claim(document=document, lock_version=lock_version, by=by)
    document.owner = owner
    document.review_due = review_due
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def draft_submit(*, document: Document, by: User, lock_version: int, reviewer: User) -> Revision:
    """Send the draft to a colleague, who publishes it or sends it back."""
    draft = _open_draft(document)
    _require(by, "guidance.submit_revision", draft)
    if reviewer is None or reviewer.pk == by.pk:
        raise ValidationError({"reviewer": "Select a colleague who did not write this draft"})
    _claim(document=document, lock_version=lock_version, by=by)
    draft = _open_draft(document)
    if draft is None or draft.state != Revision.State.DRAFT:
        raise EditConflict(document)
    if not reviewer.has_perm("guidance.review_revision", draft):
        raise ValidationError({"reviewer": "Select a colleague who did not write this draft"})
    draft.state = Revision.State.IN_REVIEW
    draft.reviewer = reviewer
    draft.review_requested_by = by
    draft.review_requested_at = timezone.now()
    draft.saved_version = document.lock_version
    draft.full_clean()
    draft.save()
    if document.current_revision_id is None:
        document.status = Document.Status.IN_REVIEW
        document.save(update_fields=["status"])
    return draft


@transaction.atomic
def draft_send_back(*, document: Document, by: User, lock_version: int, note: str) -> Revision:
    """Return a draft in review to its writers with a note they will see."""
    _require(by, "guidance.send_back_revision", _open_draft(document))
    if not note.strip():
        raise ValidationError({"note": "Enter what should change before it is published"})
    _claim(document=document, lock_version=lock_version, by=by)
    draft = _open_draft(document)
    if draft is None or draft.state != Revision.State.IN_REVIEW:
        raise EditConflict(document)
    draft.state = Revision.State.DRAFT
    draft.review_note = note.strip()
    draft.review_note_by = by
    draft.review_note_at = timezone.now()
    draft.reviewer = None
    draft.saved_version = document.lock_version
    draft.full_clean()
    draft.save()
    if document.current_revision_id is None:
        document.status = Document.Status.DRAFT
        document.save(update_fields=["status"])
    return draft


@transaction.atomic
def revision_publish(
    *,
    document: Document,
    by: User,
    lock_version: int,
    change_type: str,
    change_note: str = "",
    unreviewed_reason: str = "",
) -> Revision:
    """Publish the draft as the next numbered revision; readers see it at once.

    A major revision (always the first) needs a change note and tells subscribers; a minor
    one tells nobody. Someone who wrote the draft may publish it only with a reason, and it
    stays "not reviewed" until a colleague approves it.
    """
    draft = _open_draft(document)
    _require(by, "guidance.publish_revision", draft)
    _claim(document=document, lock_version=lock_version, by=by)
    draft = _open_draft(document)
    if draft is None:
        raise EditConflict(document)
    first = document.current_revision_id is None
    if first:
        change_type = Revision.ChangeType.MAJOR
    reviewed = by.has_perm("guidance.review_revision", draft)
    change_note, unreviewed_reason = change_note.strip(), unreviewed_reason.strip()
    errors = {}
    if change_type not in Revision.ChangeType.values:
        errors["change_type"] = "Select whether this is a major or minor change"
    elif change_type == Revision.ChangeType.MAJOR and not change_note:
        errors["change_note"] = "Enter a change note: readers are told about major changes"
    if not reviewed and not unreviewed_reason:
        errors["unreviewed_reason"] = "Enter why you are publishing without a review"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    latest = document.revisions.published().aggregate(latest=Max("number"))["latest"]
    draft.number = (latest or 0) + 1
    draft.state = Revision.State.PUBLISHED
    draft.change_type = change_type
    draft.change_note = change_note
    draft.published_at = now
    draft.published_by = by
    draft.reviewed_by = by if reviewed else None
    draft.reviewed_at = now if reviewed else None
    draft.unreviewed_reason = "" if reviewed else unreviewed_reason
    draft.saved_version = document.lock_version
    draft.full_clean()
    draft.save()
    document.current_revision = draft
    if draft.is_major:
        document.latest_major_revision = draft
    document.status = Document.Status.PUBLISHED
    document.save(update_fields=["current_revision", "latest_major_revision", "status"])
    guidance_version_bump()
    if draft.is_major:
        # Answer users first: someone also subscribed gets the email about their answer.
        if document.is_standard_response:
            _notify_answer_users(revision=draft, by=by)
        _notify_subscribers(revision=draft, by=by)
    return draft


def _notify_answer_users(*, revision: Revision, by: User) -> None:
    """The leads of every organisation whose answer in a submission not yet complete used an
    earlier revision: told like subscribers, once however many answers."""
    organisations = AnswerSource.objects.filter(
        revision__document_id=revision.document_id,
        revision__number__lt=revision.number,
        result__submission__status=Submission.Status.DRAFT,
    ).values("result__submission__organisation_id")
    leads = (
        User.objects.filter(
            is_active=True,
            memberships__role=Membership.Role.LEAD,
            memberships__network__organisation_id__in=organisations,
        )
        .exclude(pk=by.pk)
        .distinct()
    )
    Notification.objects.bulk_create(
        [
            Notification(user=user, revision=revision, reason=Notification.Reason.ANSWER_USED)
            for user in leads.only("pk")
        ],
        ignore_conflicts=True,
    )


def _notify_subscribers(*, revision: Revision, by: User) -> None:
    """One notification per subscriber, however many of their subscriptions match; the
    emails go out in the background once the publication is committed."""
    section_ids = list(revision.sections.values_list("pk", flat=True))
    subscribed = Subscription.objects.filter(user=OuterRef("pk")).matching(
        revision.document, section_ids
    )
    readers = User.objects.filter(Exists(subscribed), is_active=True).exclude(pk=by.pk)
    Notification.objects.bulk_create(
        [Notification(user=user, revision=revision) for user in readers.only("pk")],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: tasks.revision_notify.enqueue(revision_id=revision.pk))


@transaction.atomic
def revision_approve(*, revision: Revision, by: User) -> bool:
    """A colleague's later review of a revision published without one."""
    if not by.has_perm("guidance.approve_revision", revision):
        raise PermissionDenied("Someone who did not write or publish it must approve it.")
    now = timezone.now()
    approved = Revision.objects.filter(pk=revision.pk, reviewed_by__isnull=True).update(
        reviewed_by=by, reviewed_at=now
    )
    revision.refresh_from_db()
    return bool(approved)


@transaction.atomic
def document_withdraw(
    *, document: Document, by: User, lock_version: int, explanation: str
) -> Document:
    """Take the document out of use. Its address keeps working, with the explanation."""
    _require(by, "guidance.withdraw_document", document)
    if not explanation.strip():
        raise ValidationError({"explanation": "Enter why the guidance is being withdrawn"})
    _claim(document=document, lock_version=lock_version, by=by)
    document.status = Document.Status.WITHDRAWN
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = by
    document.withdrawal_explanation = explanation.strip()
    document.full_clean()
    document.save()
    guidance_version_bump()
    return document


@transaction.atomic
def document_mark_reviewed(
    *, document: Document, by: User, lock_version: int, review_due: datetime.date
) -> Document:
    """ "Reviewed, no change needed": record who and when, and set the next review date."""
    _require(by, "guidance.edit_document", document)
    _check_review_due(review_due)
    _claim(document=document, lock_version=lock_version, by=by)
    document.last_reviewed_at = timezone.now()
    document.last_reviewed_by = by
    document.review_due = review_due
    document.full_clean()
    document.save()
    return document


def subscription_create(
    *, user: User, document: Document | None = None, section: Section | None = None
) -> tuple[Subscription, bool]:
    """Subscribe to a document, a section's guidance, or (neither given) all guidance."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to subscribe.")
    if document is not None and section is not None:
        raise ValueError("Subscribe to a document or a section, not both.")
    try:
        with transaction.atomic():
            return Subscription.objects.get_or_create(
                user=user, document=document, section=section
            )
    except IntegrityError:
        # Two clicks at once: the other one created it.
        return Subscription.objects.get(user=user, document=document, section=section), False


@transaction.atomic
def subscriptions_stop(
    *, user_id: int, subscription_ids: Iterable[int] = (), reminders: bool = False
) -> int:
    """Stop what an email's unsubscribe link names: subscriptions, or review reminders."""
    removed, _ = Subscription.objects.filter(user_id=user_id, pk__in=subscription_ids).delete()
    if reminders:
        reader, _ = GuidanceReader.objects.get_or_create(user_id=user_id)
        if reader.review_reminders:
            reader.review_reminders = False
            reader.save(update_fields=["review_reminders"])
            removed += 1
    return removed


def review_reminders_set(*, user: User, enabled: bool) -> None:
    GuidanceReader.objects.update_or_create(user=user, defaults={"review_reminders": enabled})


def notifications_mark_read(*, user: User, document: Document) -> int:
    """The person opened the document: its notifications leave their dashboard."""
    return Notification.objects.filter(
        user=user, revision__document=document, read_at__isnull=True
    ).update(read_at=timezone.now())


SESSION_SINCE_KEY = "guidance_updates_since"


def dashboard_visit_record(*, user: User, session) -> datetime.datetime:
    """When the person's previous visit began: the start of the window for "updated since
    your last visit". Kept for the whole session, so reloading the dashboard keeps the list."""
    since = session.get(SESSION_SINCE_KEY)
    if since is not None:
        return datetime.datetime.fromisoformat(since)
    now = timezone.now()
    reader, _ = GuidanceReader.objects.get_or_create(user=user)
    previous = reader.dashboard_seen_at or user.date_joined
    GuidanceReader.objects.filter(pk=reader.pk).update(dashboard_seen_at=now)
    session[SESSION_SINCE_KEY] = previous.isoformat()
    return previous


def review_reminders_enqueue(*, today: datetime.date) -> int:
    """Queue one reminder email per owner of published documents overdue for review that
    they have not been reminded about; returns how many owners."""
    opted_out = GuidanceReader.objects.filter(user=OuterRef("owner"), review_reminders=False)
    due = (
        Document.objects.published()
        .filter(review_due__lt=today, owner__is_active=True)
        .exclude(reminded_for=F("review_due"))
        .exclude(Exists(opted_out))
        .order_by("owner_id", "review_due", "pk")
        .values_list("owner_id", "pk")
    )
    by_owner = {}
    for owner_id, pk in due:
        by_owner.setdefault(owner_id, []).append(pk)
    for owner_id, document_ids in by_owner.items():
        tasks.review_reminder_send.enqueue(owner_id=owner_id, document_ids=document_ids)
    return len(by_owner)
