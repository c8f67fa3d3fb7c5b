"""Who may do what to a good-practice entry: object permissions, registered once with
``rules``. ``GoodPracticeEntry.objects.visible_to`` and ``editable_by`` answer the same
questions for many entries.

A network's members draft and change its entries; its leads publish them or send them back;
a lead, or anyone with ``guidance.moderate_entry`` (the project team), withdraws a published
entry.
"""

import rules

from guidance.models import GoodPracticeEntry
from networks.models import Membership
from networks.rules import has_object, holds, is_network_member, views_all_organisations

Status = GoodPracticeEntry.Status


@rules.predicate
def is_entry_member(user, entry):
    return user.is_authenticated and entry.network_id in user.network_ids()


@rules.predicate
def is_entry_lead(user, entry):
    return user.is_authenticated and entry.network_id in user.network_ids(Membership.Role.LEAD)


@rules.predicate
def is_draft(user, entry):
    return entry.status == Status.DRAFT


@rules.predicate
def is_awaiting_publication(user, entry):
    return entry.status in (Status.DRAFT, Status.SENT_BACK)


@rules.predicate
def is_published(user, entry):
    return entry.status == Status.PUBLISHED


@rules.predicate
def is_withdrawn(user, entry):
    return entry.status == Status.WITHDRAWN


moderates_entries = holds("guidance.moderate_entry")

# On a network, or with none: for some network (whether to offer the page).
rules.add_perm("guidance.draft_goodpracticeentry", is_network_member)
rules.add_perm("guidance.change_goodpracticeentry", has_object & is_entry_member & ~is_withdrawn)
rules.add_perm(
    "guidance.publish_goodpracticeentry",
    has_object & is_entry_lead & is_awaiting_publication,
)
rules.add_perm("guidance.send_back_goodpracticeentry", has_object & is_entry_lead & is_draft)
rules.add_perm(
    "guidance.withdraw_goodpracticeentry",
    has_object & is_published & (is_entry_lead | moderates_entries),
)
rules.add_perm(
    "guidance.view_entry_history", has_object & (is_entry_member | views_all_organisations)
)
