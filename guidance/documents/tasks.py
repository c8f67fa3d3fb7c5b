"""Background work for guidance: one task per email, so one failure touches one person.

A send that fails is queued again with a growing delay (when the backend can defer, as the
database backend does), up to ``MAX_ATTEMPTS``; the last failure is raised so the task is
recorded as failed. Each task checks first whether its email already went, so running one
twice sends nothing twice.
"""

import datetime
import logging

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from guidance.documents import emails
from guidance.models import Document, GuidanceReader, Notification, Revision, Subscription
from networks.models import User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = datetime.timedelta(minutes=1)


def _retry(task_to_retry, *, attempt, error, **kwargs):
    if attempt >= MAX_ATTEMPTS:
        raise error
    logger.warning("Email failed (attempt %s of %s): %s", attempt, MAX_ATTEMPTS, error)
    retry = task_to_retry
    if retry.get_backend().supports_defer:
        delay = FIRST_RETRY_DELAY * 2 ** (attempt - 1)
        retry = retry.using(run_after=timezone.now() + delay)
    retry.enqueue(attempt=attempt + 1, **kwargs)


@task
def revision_notify(*, revision_id):
    """Queue the email for each notification of a major revision not yet emailed."""
    pending = Notification.objects.filter(
        revision_id=revision_id, emailed_at__isnull=True
    ).values_list("pk", flat=True)
    queued = 0
    for notification_id in pending:
        notification_email_send.enqueue(notification_id=notification_id)
        queued += 1
    return queued


@task
def notification_email_send(*, notification_id, attempt=1):
    """Email one subscriber about a major revision: its change note and what changed."""
    notification = (
        Notification.objects.select_related("user", "revision__document__current_revision")
        .filter(pk=notification_id, emailed_at__isnull=True, user__is_active=True)
        .first()
    )
    if notification is None:
        return "already sent"
    revision = notification.revision
    section_ids = list(revision.sections.values_list("pk", flat=True))
    subscriptions = list(
        Subscription.objects.filter(user_id=notification.user_id)
        .matching(revision.document, section_ids)
        .select_related("document__current_revision", "section__criteria_round")
    )
    answer_used = notification.reason == Notification.Reason.ANSWER_USED
    if not subscriptions and not answer_used:
        return "unsubscribed"
    earlier = Revision.objects.published().filter(
        document_id=revision.document_id, number__lt=revision.number
    )
    if answer_used:
        # Compared with the revision their organisations' drafts used.
        used = earlier.filter(
            answer_uses__result__submission__status="draft",
            answer_uses__result__submission__organisation__networks__memberships__user_id=(
                notification.user_id
            ),
            answer_uses__result__submission__organisation__networks__memberships__role="lead",
        )
        earlier = used if used.exists() else earlier
    previous = earlier.order_by("-number").values_list("pk", flat=True).first()
    message = emails.revision_published_message(
        notification=notification, subscriptions=subscriptions, previous_revision_id=previous
    )
    try:
        message.send()
    except Exception as error:
        Notification.objects.filter(pk=notification_id).update(email_attempts=attempt)
        _retry(
            notification_email_send, attempt=attempt, error=error, notification_id=notification_id
        )
        return "retrying"
    Notification.objects.filter(pk=notification_id).update(
        emailed_at=timezone.now(), email_attempts=attempt
    )
    return "sent"


@task
def review_reminder_send(*, owner_id, document_ids, attempt=1):
    """Email an owner the documents they own that are overdue for review, once per date."""
    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None or GuidanceReader.objects.filter(user=owner, review_reminders=False).exists():
        return "not wanted"
    today = timezone.localdate()
    documents = list(
        Document.objects.published()
        .filter(pk__in=document_ids, owner=owner, review_due__lt=today)
        .exclude(reminded_for=F("review_due"))
        .select_related("current_revision")
        .order_by("review_due", "pk")
    )
    if not documents:
        return "nothing overdue"
    message = emails.review_reminder_message(owner=owner, documents=documents, today=today)
    try:
        message.send()
    except Exception as error:
        _retry(
            review_reminder_send,
            attempt=attempt,
            error=error,
            owner_id=owner_id,
            document_ids=document_ids,
        )
        return "retrying"
    for document in documents:
        # Only the date reminded about: a review meanwhile has set a new one.
        Document.objects.filter(pk=document.pk, review_due=document.review_due).update(
            reminded_for=document.review_due
        )
    return "sent"
