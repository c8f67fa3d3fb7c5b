"""Writes with rules: drafting, the publishing workflow, attachments and helpful marks.

Every function checks that the person may act, so a view that forgets cannot bypass it.
"""

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from guidance.limits import (
    ATTACHMENT_TOO_LARGE_MESSAGE,
    MAX_ATTACHMENT_SIZE,
    MAX_ATTACHMENTS_PER_ENTRY,
    TOO_MANY_ATTACHMENTS_MESSAGE,
)
from guidance.models import Attachment, EntryChange, FeedToken, GoodPracticeEntry, HelpfulMark
from guidance.uploads import check_attachment
from networks.models import Network, User
from networks.services import guidance_version_bump
from submissions.models import Edition, Section

Status = GoodPracticeEntry.Status


def _set_change_reason(entry, reason):
    entry._change_reason = reason


@transaction.atomic
def entry_create(
    *,
    author: User,
    network: Network,
    title: str,
    summary: str,
    body: str,
    sections: Iterable[Section] = (),
    edition: Edition | None = None,
    contact_name: str = "",
    contact_email: str = "",
    files: Iterable = (),
) -> GoodPracticeEntry:
    """Draft a new entry for a network the author belongs to, with any attachments."""
    if not author.has_perm("guidance.draft_goodpracticeentry", network):
        raise PermissionDenied("Only members of a network can draft its entries.")
    entry = GoodPracticeEntry(
        author=author,
        network=network,
        title=title,
        summary=summary,
        body=body,
        edition=edition,
        contact_name=contact_name,
        contact_email=contact_email,
        status=Status.DRAFT,
    )
    entry.full_clean()
    _set_change_reason(entry, "Drafted")
    entry._history_user = author
    entry.save()
    entry.sections.set(sections)
    for uploaded in files:
        attachment_add(entry=entry, uploaded_file=uploaded, by=author)
    return entry


ENTRY_FIELDS = {"title", "summary", "body", "edition", "contact_name", "contact_email"}


@transaction.atomic
def entry_update(
    *,
    entry: GoodPracticeEntry,
    by: User,
    files: Iterable = (),
    remove_attachments: Iterable[Attachment] = (),
    **fields,
) -> GoodPracticeEntry:
    """Change an entry's content; history records it.

    A draft changes at once. A published entry changes at once only for a lead of its
    network; a member's change waits for a lead, as a new draft does (``EntryChange``), and
    readers see the published words and files until a lead publishes it.
    """
    if not by.has_perm("guidance.change_goodpracticeentry", entry):
        raise PermissionDenied("You cannot change this entry.")
    sections = fields.pop("sections", None)
    unexpected = set(fields) - ENTRY_FIELDS
    if unexpected:
        raise TypeError(f"Unexpected fields: {sorted(unexpected)}")
    if entry.status == Status.PUBLISHED:
        change = _change_save(
            entry=entry,
            by=by,
            fields=fields,
            sections=sections,
            files=files,
            remove_attachments=remove_attachments,
        )
        if by.has_perm("guidance.change_published_entry_directly", entry):
            _change_apply(change=change, by=by, reason="Edited")
        return entry
    for name, value in fields.items():
        setattr(entry, name, value)
    if entry.status == Status.SENT_BACK:
        # Changing a sent-back entry puts it back in front of the lead.
        entry.status = Status.DRAFT
    entry.full_clean()
    _set_change_reason(entry, "Edited")
    entry._history_user = by
    entry.save()
    if sections is not None:
        entry.sections.set(sections)
    entry.attachments.filter(pk__in=[attachment.pk for attachment in remove_attachments]).delete()
    for uploaded in files:
        attachment_add(entry=entry, uploaded_file=uploaded, by=by)
    guidance_version_bump()
    return entry


def _change_save(*, entry, by, fields, sections, files, remove_attachments) -> EntryChange:
    """Record (or revise) the change to a published entry that waits for a lead."""
    # One change per entry: two people saving at once take turns.
    GoodPracticeEntry.objects.select_for_update().filter(pk=entry.pk).first()
    change = EntryChange.objects.filter(entry=entry).first()
    created = change is None
    if created:
        change = EntryChange(
            entry=entry, **{name: getattr(entry, name) for name in EntryChange.FIELDS}
        )
    for name, value in fields.items():
        setattr(change, name, value)
    change.status = EntryChange.Status.WAITING
    change.status_reason = ""
    change.proposed_by = by
    change.proposed_at = timezone.now()
    change.full_clean()
    change.save()
    if sections is not None:
        change.sections.set(sections)
    elif created:
        change.sections.set(entry.sections.all())
    removing = list(remove_attachments)
    # A file this change added is simply dropped; the entry's own are removed on publishing.
    Attachment.objects.filter(
        change=change, pk__in=[attachment.pk for attachment in removing]
    ).delete()
    change.remove_attachments.set(
        [a for a in removing if a.entry_id == entry.pk and a.change_id is None]
    )
    for uploaded in files:
        attachment_add(entry=entry, uploaded_file=uploaded, by=by, change=change)
    return change


def _change_apply(*, change: EntryChange, by: User, reason: str) -> GoodPracticeEntry:
    """Publish a change: the entry takes its words, sections and files."""
    entry = change.entry
    for name in EntryChange.FIELDS:
        setattr(entry, name, getattr(change, name))
    entry.full_clean()
    _set_change_reason(entry, reason)
    entry._history_user = by
    entry.save()
    entry.sections.set(change.sections.all())
    removed = list(change.remove_attachments.values_list("pk", flat=True))
    entry.attachments.filter(pk__in=removed, change__isnull=True).delete()
    change.new_attachments.update(change=None)
    change.delete()
    guidance_version_bump()
    return entry


STATUS_NOTES = {
    Status.DRAFT: "Returned to draft",
    Status.SENT_BACK: "Sent back",
    Status.PUBLISHED: "Published",
    Status.WITHDRAWN: "Withdrawn",
}


def _change_status(entry, *, to, reason, by):
    entry.status = to
    entry.status_reason = reason
    now = timezone.now()
    if to == Status.PUBLISHED:
        entry.published_at = entry.published_at or now
        entry.withdrawn_at = None
    elif to == Status.WITHDRAWN:
        entry.withdrawn_at = now
    entry.full_clean()
    _set_change_reason(entry, STATUS_NOTES[to])
    entry._history_user = by
    entry.save()
    guidance_version_bump()
    return entry


@transaction.atomic
def entry_publish(*, entry: GoodPracticeEntry, by: User) -> GoodPracticeEntry:
    """A lead of the owning network publishes a draft or sent-back entry."""
    entry = GoodPracticeEntry.objects.select_for_update().get(pk=entry.pk)
    if not by.has_perm("guidance.publish_goodpracticeentry", entry):
        raise PermissionDenied("Only a lead of the network can publish this entry.")
    change = entry.waiting_change
    if change is not None:
        return _change_apply(change=change, by=by, reason="Change published")
    return _change_status(entry, to=Status.PUBLISHED, reason="", by=by)


@transaction.atomic
def entry_send_back(*, entry: GoodPracticeEntry, by: User, reason: str) -> GoodPracticeEntry:
    """A lead returns a draft, or a change waiting for them, to its network's members,
    saying what to change. A published entry stays as it is."""
    entry = GoodPracticeEntry.objects.select_for_update().get(pk=entry.pk)
    if not by.has_perm("guidance.send_back_goodpracticeentry", entry):
        raise PermissionDenied("Only a lead of the network can send this entry back.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are sending the entry back"})
    change = entry.waiting_change
    if change is not None:
        change.status = EntryChange.Status.SENT_BACK
        change.status_reason = reason
        change.full_clean()
        change.save()
        return entry
    return _change_status(entry, to=Status.SENT_BACK, reason=reason, by=by)


@transaction.atomic
def entry_withdraw(*, entry: GoodPracticeEntry, by: User, reason: str) -> GoodPracticeEntry:
    """A lead of the owning network, or the project team, withdraws a published entry.

    The entry keeps its address and shows a notice with the reason.
    """
    entry = GoodPracticeEntry.objects.select_for_update().get(pk=entry.pk)
    if not by.has_perm("guidance.withdraw_goodpracticeentry", entry):
        raise PermissionDenied("You cannot withdraw this entry.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are withdrawing the entry"})
    # A change still waiting goes with it, files and all.
    EntryChange.objects.filter(entry=entry).delete()
    return _change_status(entry, to=Status.WITHDRAWN, reason=reason, by=by)


@transaction.atomic
def entry_set_status(*, entry: GoodPracticeEntry, status: str, by: User) -> GoodPracticeEntry:
    """Put an entry in any state, as the Django admin does for people who may change entries
    there; the entry's other unsaved changes are saved with it. The dates and the history
    are kept as the workflow keeps them."""
    if not by.has_perm("guidance.change_goodpracticeentry"):
        raise PermissionDenied("You cannot change the state of entries.")
    return _change_status(entry, to=status, reason=entry.status_reason, by=by)


@transaction.atomic
def entry_mark_helpful(*, entry: GoodPracticeEntry, user: User) -> bool:
    """Mark a published entry as helpful, or undo the mark. Returns whether it is marked."""
    if not user.is_authenticated or entry.status != Status.PUBLISHED:
        raise PermissionDenied("Only published entries can be marked as helpful.")
    # The library and comparison pages show how many found an entry helpful.
    guidance_version_bump()
    deleted, _ = HelpfulMark.objects.filter(entry=entry, user=user).delete()
    if deleted:
        return False
    mark = HelpfulMark(entry=entry, user=user)
    mark.full_clean()
    try:
        with transaction.atomic():
            mark.save()
    except IntegrityError:
        # A second click that raced the first: the entry is marked either way.
        pass
    return True


@transaction.atomic
def attachment_add(
    *, entry: GoodPracticeEntry, uploaded_file, by: User, change: EntryChange | None = None
) -> Attachment:
    """Attach a file after checking its name, size and content; with ``change``, only once
    that change is published."""
    if entry.attachments.count() >= MAX_ATTACHMENTS_PER_ENTRY:
        raise ValidationError(TOO_MANY_ATTACHMENTS_MESSAGE, code="too_many")
    if uploaded_file.size is not None and uploaded_file.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(ATTACHMENT_TOO_LARGE_MESSAGE, code="too_large")
    data = uploaded_file.read()
    file_name, content_type = check_attachment(uploaded_file.name, data)
    attachment = Attachment(
        entry=entry,
        file_name=file_name,
        content_type=content_type,
        size=len(data),
        data=data,
        uploaded_by=by,
        change=change,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def feed_token_reset(*, user: User) -> FeedToken:
    """Give a person a new feed address; the old one stops working at once."""
    token, _ = FeedToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    token.token = secrets.token_urlsafe(32)
    token.full_clean()
    token.save()
    return token


def feed_token_for(*, user: User) -> FeedToken:
    """A person's feed token, created the first time it is asked for."""
    token, _ = FeedToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token
