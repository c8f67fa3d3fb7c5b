"""The emails guidance sends, and the signed links that unsubscribe from them.

Every email carries a one-click unsubscribe link: a signed token that names the person and
what to stop, so it works without signing in and cannot be altered to stop someone else's.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

UNSUBSCRIBE_SALT = "guidance.unsubscribe"


def absolute_url(path):
    return f"{settings.PORTAL_URL}{path}"


def unsubscribe_token(*, user_id, subscription_ids=(), reminders=False):
    payload = {"u": user_id}
    if subscription_ids:
        payload["s"] = sorted(subscription_ids)
    if reminders:
        payload["r"] = 1
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """The person and what to stop, or ``signing.BadSignature`` for a tampered link."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise signing.BadSignature("Unexpected unsubscribe payload.")
    ids = payload.get("s", [])
    if not isinstance(ids, list) or not all(isinstance(pk, int) for pk in ids):
        raise signing.BadSignature("Unexpected unsubscribe payload.")
    return {"user_id": payload["u"], "subscription_ids": ids, "reminders": bool(payload.get("r"))}


def _message(*, template, context, to, unsubscribe_url):
    subject = render_to_string(f"guidance/documents/email/{template}_subject.txt", context)
    body = render_to_string(f"guidance/documents/email/{template}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[to],
        headers={
            # Mail programs show their own unsubscribe button and POST to it (RFC 8058).
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def revision_published_message(*, notification, subscriptions, previous_revision_id=None):
    revision = notification.revision
    document = revision.document
    if previous_revision_id:
        link = reverse(
            "guidance:document_compare",
            kwargs={"slug": document.slug, "a": previous_revision_id, "b": revision.pk},
        )
    else:
        link = document.get_absolute_url()
    token = unsubscribe_token(
        user_id=notification.user_id, subscription_ids=[s.pk for s in subscriptions]
    )
    unsubscribe_url = absolute_url(reverse("guidance:unsubscribe", kwargs={"token": token}))
    context = {
        "user": notification.user,
        "revision": revision,
        "document": document,
        "first_publication": previous_revision_id is None,
        "answer_used": notification.reason == notification.Reason.ANSWER_USED,
        "link": absolute_url(link),
        "subscriptions": subscriptions,
        "unsubscribe_url": unsubscribe_url,
        "manage_url": absolute_url(reverse("guidance:subscription_list")),
    }
    return _message(
        template="revision_published",
        context=context,
        to=notification.user.email,
        unsubscribe_url=unsubscribe_url,
    )


def review_reminder_message(*, owner, documents, today):
    token = unsubscribe_token(user_id=owner.pk, reminders=True)
    unsubscribe_url = absolute_url(reverse("guidance:unsubscribe", kwargs={"token": token}))
    context = {
        "owner": owner,
        "documents": [
            {
                "title": str(document),
                "review_due": document.review_due,
                "days_overdue": (today - document.review_due).days,
                "url": absolute_url(document.get_absolute_url()),
            }
            for document in documents
        ],
        "review_url": absolute_url(reverse("guidance:review_list")),
        "unsubscribe_url": unsubscribe_url,
    }
    return _message(
        template="review_reminder",
        context=context,
        to=owner.email,
        unsubscribe_url=unsubscribe_url,
    )
