"""Background work for accounts: the emails, sent from the task queue.

A request only queues its email, so a page answers the same way, in the same time, whether
or not an address has an account (a password reset reveals nothing), and a slow mail server
slows no page. Each task looks up what it needs when it runs; a send that fails raises, so
the task is recorded as failed.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from networks.models import Membership, User


def _set_password_link(user):
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.PORTAL_URL}{path}"


def _send(*, template, context, to):
    send_mail(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        message=render_to_string(f"{template}.txt", context),
        from_email=None,
        recipient_list=[to],
    )


@task
def password_reset_email_send(*, email):
    """Email a link to set a new password to the active account with this address, also
    one made for someone who never chose a password (their first link expired); for any
    other address, nothing."""
    users = User.objects.filter(email__iexact=email, is_active=True)
    sent = 0
    for user in users:
        context = {"email": user.email, "link": _set_password_link(user)}
        _send(template="registration/password_reset", context=context, to=user.email)
        sent += 1
    return sent


@task
def membership_added_email_send(*, membership_id):
    """Tell a person they were added to a network: with a link to set a password when the
    account was made for them, and otherwise so they know, and can say if it is wrong."""
    membership = (
        Membership.objects.select_related("user", "network__organisation")
        .filter(pk=membership_id, user__is_active=True)
        .first()
    )
    if membership is None:
        return "no longer a member"
    user = membership.user
    context = {"user": user, "network": membership.network, "membership": membership}
    if user.has_usable_password():
        _send(template="networks/email/membership_added", context=context, to=user.email)
        return "told"
    context["link"] = _set_password_link(user)
    _send(template="networks/email/account_created", context=context, to=user.email)
    return "invited"
