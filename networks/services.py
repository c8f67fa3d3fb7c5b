"""Writes that span several rows or keep a rule across them: who belongs to a network, what a
network says about itself, and the data version that every change to compared data moves.

Every function is atomic and validates with ``full_clean()`` before saving. Rules that a
person can break raise ``ValidationError`` with a message ready to show them.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from networks import tasks
from networks.models import DataVersion, Membership, Network, User
from weiportal.locking import lock_version_claim


def data_version_bump(*years: int, section: int | None = None) -> None:
    """Record that something the comparison pages show has changed: in the editions of
    ``years`` (their submissions, totals, answers and sharing, and so their sections' lists),
    or in one edition's ``section`` only (a score in it: the edition's figures and that
    section's list), or, with no year, anywhere (organisations, networks, editions and
    sections, the admin, the demonstration data).

    Call it inside the transaction of the change, last, so the counters move exactly when the
    change commits.
    """
    if section is not None:
        (year,) = years
        scopes = {DataVersion.edition_scope(year), DataVersion.section_scope(year, section)}
    else:
        scopes = {
            scope
            for year in years
            for scope in (DataVersion.edition_scope(year), DataVersion.lists_scope(year))
        }
    _bump(scopes or {DataVersion.PORTAL_WIDE})


def guidance_version_bump() -> None:
    """Record that published guidance changed: a good-practice entry or its helpful marks,
    or a guidance document. Inside the transaction of the change, as ``data_version_bump``."""
    _bump({DataVersion.GUIDANCE})


def _bump(scopes):
    """One ``UPDATE ... SET value = value + 1`` however many scopes, so concurrent writers
    never lose a count. A scope's counter is created by its first change (an insert that
    gives way to one made meanwhile, then the update once more), so the change itself never
    fails for it."""
    counters = DataVersion.objects.filter(scope__in=scopes)
    if counters.update(value=F("value") + 1) < len(scopes):
        DataVersion.objects.bulk_create(
            [DataVersion(scope=scope, value=0) for scope in sorted(scopes)], ignore_conflicts=True
        )
        counters.update(value=F("value") + 1)


LAST_LEAD_MESSAGE = (
    "{network} must have at least one lead. Make someone else a lead before you {action}."
)


def _keep_a_lead(*, membership: Membership, action: str) -> None:
    """Refuse to take away the network's last lead.

    The network's lead rows are locked so two leads stepping down at once cannot both pass.
    """
    leads = list(
        Membership.objects.select_for_update()
        .filter(network_id=membership.network_id, role=Membership.Role.LEAD)
        .values_list("pk", flat=True)
    )
    if leads == [membership.pk]:
        raise ValidationError(
            LAST_LEAD_MESSAGE.format(network=membership.network.name, action=action),
            code="last_lead",
        )


@transaction.atomic
def network_update(
    *, network: Network, description: str, contact_email: str, lock_version: int
) -> Network:
    """Change what a network says about itself. Its contact address shows beside comparisons
    ("who did this well"), so the data version moves with it. Refused with ``EditConflict``
    if the network changed since the form was opened at ``lock_version``."""
    lock_version_claim(network, lock_version=lock_version)
    network.description = description
    network.contact_email = contact_email
    network.full_clean()
    network.save(update_fields=["description", "contact_email", "lock_version"])
    data_version_bump()
    return network


@transaction.atomic
def membership_add(
    *,
    network: Network,
    email: str,
    role: str = Membership.Role.MEMBER,
    full_name: str = "",
) -> Membership:
    """Add the person with this email address to the network, and tell them.

    The membership keeps the name and address as typed, and pages show those: never the
    name an existing account holds, so adding an address does not reveal who has it. A new
    address gets an account without a password; the email (sent from the task queue once
    this commits) links to setting one. An existing account is told it was added.
    """
    typed_email = User.objects.normalize_email(email.strip()).lower()
    typed_name = full_name.strip()
    user = User.objects.filter(email__iexact=typed_email).first()
    if user is None:
        user = User(email=typed_email, full_name=typed_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    elif Membership.objects.filter(user=user, network=network).exists():
        raise ValidationError(
            f"{typed_email} is already a member of {network.name}", code="already_member"
        )
    membership = Membership(
        user=user, network=network, role=role, name_given=typed_name, email_given=typed_email
    )
    membership.full_clean()
    membership.save()
    transaction.on_commit(
        lambda: tasks.membership_added_email_send.enqueue(membership_id=membership.pk)
    )
    return membership


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    """Make a member a lead or a lead a member, keeping at least one lead."""
    if membership.role == Membership.Role.LEAD and role != Membership.Role.LEAD:
        _keep_a_lead(membership=membership, action="change this lead's role")
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Take a person out of a network (their account stays), keeping at least one lead."""
    if membership.role == Membership.Role.LEAD:
        _keep_a_lead(membership=membership, action="remove this lead")
    membership.delete()
