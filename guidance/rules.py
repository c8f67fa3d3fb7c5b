"""Who may do what to good practice and guidance: object permissions, registered once with
``rules``. ``GoodPracticeEntry.objects.visible_to`` and ``editable_by``, and
``Document.objects.visible_to`` and ``editable_by``, answer the same questions for many rows.

A network's members draft and change its entries; its leads publish them or send them back,
and so a member's change to a published entry waits for a lead as a new draft does;
a lead, or anyone with ``guidance.moderate_entry`` (the project team), withdraws a published
entry.

Guidance documents are the project team's: ``guidance.change_document`` to write them and
``guidance.publish_document`` to publish, send back and withdraw them, model permissions the
group holds. The rules add what depends on the document, such as "a reviewer is not the
author" and "withdrawn guidance is not edited", and hold admins to them too.
"""

import rules

from guidance.models import Document, GoodPracticeEntry, Revision
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


@rules.predicate
def has_waiting_change(user, entry):
    return entry.waiting_change is not None


moderates_entries = holds("guidance.moderate_entry")

# On a network, or with none: for some network (whether to offer the page).
rules.add_perm("guidance.draft_goodpracticeentry", is_network_member)
rules.add_perm("guidance.change_goodpracticeentry", has_object & is_entry_member & ~is_withdrawn)
# Publishing and sending back apply to a new entry, or to a member's change to a published
# one, which waits for a lead in the same way.
rules.add_perm(
    "guidance.publish_goodpracticeentry",
    has_object & is_entry_lead & (is_awaiting_publication | has_waiting_change),
)
rules.add_perm(
    "guidance.send_back_goodpracticeentry",
    has_object & is_entry_lead & (is_draft | has_waiting_change),
)
# Whether a change to a published entry goes live at once (a lead's) or waits for a lead.
rules.add_perm("guidance.change_published_entry_directly", has_object & is_entry_lead)
# Who sees a change not yet published: as a draft.
rules.add_perm(
    "guidance.view_entry_change", has_object & (is_entry_member | views_all_organisations)
)
rules.add_perm(
    "guidance.withdraw_goodpracticeentry",
    has_object & is_published & (is_entry_lead | moderates_entries),
)
rules.add_perm(
    "guidance.view_entry_history", has_object & (is_entry_member | views_all_organisations)
)


# Guidance documents.

writes_guidance = holds("guidance.change_document")
publishes_guidance = holds("guidance.publish_document")


@rules.predicate
def is_document_open(user, document):
    return document.status != Document.Status.WITHDRAWN


@rules.predicate
def is_document_published(user, document):
    return document.status == Document.Status.PUBLISHED


@rules.predicate
def is_revision_open(user, revision):
    return (
        revision.state in Revision.OPEN_STATES
        and revision.document.status != Document.Status.WITHDRAWN
    )


@rules.predicate
def is_revision_draft(user, revision):
    return revision.state == Revision.State.DRAFT


@rules.predicate
def is_revision_in_review(user, revision):
    return revision.state == Revision.State.IN_REVIEW


@rules.predicate
def wrote_revision(user, revision):
    """The author and the last editor: neither can be the second pair of eyes."""
    return user.pk in revision.contributor_ids


@rules.predicate
def published_revision(user, revision):
    return revision.published_by_id == user.pk


@rules.predicate
def revision_awaits_approval(user, revision):
    return revision.is_published and not revision.is_reviewed


# Change a document's draft, owner or review date.
rules.add_perm("guidance.edit_document", has_object & writes_guidance & is_document_open)
rules.add_perm(
    "guidance.withdraw_document", has_object & publishes_guidance & is_document_published
)
# Send a draft to a colleague for review.
rules.add_perm(
    "guidance.submit_revision",
    has_object & writes_guidance & is_revision_open & is_revision_draft,
)
# Publish a draft at all (one's own needs a reason and stays "not reviewed").
rules.add_perm("guidance.publish_revision", has_object & publishes_guidance & is_revision_open)
# Publish a draft as its reviewer: someone who did not write it.
rules.add_perm(
    "guidance.review_revision",
    has_object & publishes_guidance & is_revision_open & ~wrote_revision,
)
rules.add_perm(
    "guidance.send_back_revision",
    has_object & publishes_guidance & is_revision_open & is_revision_in_review & ~wrote_revision,
)
# Approve afterwards a revision published without review.
rules.add_perm(
    "guidance.approve_revision",
    has_object
    & publishes_guidance
    & revision_awaits_approval
    & ~wrote_revision
    & ~published_revision,
)


# The marking-consistency report: it includes private submissions, so only those who see every
# organisation's (the project team) open it.
rules.add_perm("guidance.view_consistency_report", views_all_organisations)
