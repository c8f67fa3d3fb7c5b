"""Who may do what to a submission: object permissions, registered once with ``rules``.

The querysets in models.py (``visible_to``, ``editable_by``, ``managed_by``,
``sharing_editable_by``) answer the same questions for many rows.

Members draft their own organisations' submission data; leads also mark it complete, set
its sharing level, import results and copy it forward. The project team corrects and
imports anyone's results (``submissions.change_any_submission``,
``submissions.import_any_organisation``) but never chooses a sharing level.
"""

import rules

from networks.models import Membership
from networks.rules import (
    has_object,
    holds,
    is_organisation_lead,
    is_organisation_member,
    views_all_organisations,
)

LEAD = Membership.Role.LEAD


@rules.predicate
def is_submission_member(user, submission):
    return user.is_authenticated and submission.organisation_id in user.organisation_ids()


@rules.predicate
def is_submission_lead(user, submission):
    return user.is_authenticated and submission.organisation_id in user.organisation_ids(LEAD)


changes_any_submission = holds("submissions.change_any_submission")
imports_for_any_organisation = holds("submissions.import_any_organisation")
drafts = has_object & (is_submission_member | changes_any_submission)
manages = has_object & (is_submission_lead | changes_any_submission)

rules.add_perm(
    "submissions.view_submission", has_object & (is_submission_member | views_all_organisations)
)
rules.add_perm("submissions.change_submission", drafts)
rules.add_perm("submissions.complete_submission", manages)
rules.add_perm("submissions.copy_submission", manages)
rules.add_perm("submissions.change_sharing", has_object & is_submission_lead)
# These two take an organisation, or none for "some organisation" (whether to offer the page).
rules.add_perm("submissions.start_submission", changes_any_submission | is_organisation_member)
rules.add_perm("submissions.import_results", imports_for_any_organisation | is_organisation_lead)
