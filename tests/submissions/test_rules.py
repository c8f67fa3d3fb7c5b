"""The rules for one submission or organisation (submissions/rules.py) agree with the
querysets that list many, for every role, on its own organisation's and another's."""

import pytest

from submissions.models import Submission

SUBMISSIONS = ("submission", "other_submission")
ORGANISATIONS = ("organisation", "other_organisation")


@pytest.mark.parametrize(
    ("permission", "queryset", "targets"),
    [
        ("submissions.view_submission", "visible_to", SUBMISSIONS),
        ("submissions.change_submission", "editable_by", SUBMISSIONS),
        ("submissions.complete_submission", "managed_by", SUBMISSIONS),
        ("submissions.copy_submission", "managed_by", SUBMISSIONS),
        ("submissions.change_sharing", "sharing_editable_by", SUBMISSIONS),
        ("submissions.start_submission", "organisations_startable_by", ORGANISATIONS),
        ("submissions.import_results", "organisations_importable_by", ORGANISATIONS),
    ],
)
def test_rules_agree_with_querysets(people, request, permission, queryset, targets):
    for user in filter(None, people.values()):
        rows = getattr(Submission.objects, queryset)(user)
        for target in map(request.getfixturevalue, targets):
            assert user.has_perm(permission, target) == rows.filter(pk=target.pk).exists(), (
                user,
                target,
            )
