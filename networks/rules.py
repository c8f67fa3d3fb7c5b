"""Who may do what to a network: object permissions, registered once with ``rules``.

Views, services and templates ask ``user.has_perm("networks.manage_members", network)``; the
querysets in models.py answer the matching "which rows" question. The predicates here are
also the building blocks of the other apps' rules.
"""

import rules

from networks.models import Membership


def holds(permission):
    """A predicate: the person holds ``permission``, a permission given to a group (such as
    the project team) in the admin, or held by an admin."""
    return rules.predicate(lambda user: user.has_perm(permission), name=f"holds:{permission}")


@rules.predicate
def has_object(user, obj):
    # Keeps object rules out of the Django admin's model-level checks, which pass no object.
    return obj is not None


def _in(held, obj):
    # With no object: whether the person holds the role anywhere.
    return bool(held) if obj is None else obj.pk in held


@rules.predicate
def is_network_member(user, network):
    """A member (or lead) of the network; of any network when none is given."""
    return user.is_authenticated and _in(user.network_ids(), network)


@rules.predicate
def is_network_lead(user, network):
    """A lead of the network; of any network when none is given."""
    return user.is_authenticated and _in(user.network_ids(Membership.Role.LEAD), network)


@rules.predicate
def is_organisation_member(user, organisation):
    """A member (or lead) of one of the organisation's networks; of any network when no
    organisation is given."""
    return user.is_authenticated and _in(user.organisation_ids(), organisation)


@rules.predicate
def is_organisation_lead(user, organisation):
    """A lead of one of the organisation's networks; of any network when none is given."""
    return user.is_authenticated and _in(user.organisation_ids(Membership.Role.LEAD), organisation)


manages_any_network = holds("networks.manage_any_network")
views_all_organisations = holds("networks.view_all_organisations")

# Network.objects.editable_by answers the same question for many networks.
rules.add_perm("networks.change_network", has_object & (is_network_lead | manages_any_network))
rules.add_perm("networks.manage_members", has_object & (is_network_lead | manages_any_network))
