"""Who is looking: the two facts about a viewer that comparisons depend on.

Both are read lazily, so a page asks for the person's permissions only when the answer could
change what it shows (a submission neither theirs nor shared by name).
"""

from submissions.models import Submission

SEES_EVERY_ORGANISATION = "networks.view_all_organisations"


def sees_every_organisation(user):
    """The project team (and admins) see every organisation's private data."""
    return user.has_perm(SEES_EVERY_ORGANISATION)


def own_organisation_ids(user):
    """Ids of the organisations whose networks the person belongs to."""
    return user.organisation_ids()


def may_open(user, submission):
    """Whether the person may open this submission's profile: shared by name, one of their
    own organisations', or they see every organisation."""
    return (
        submission.sharing == Submission.Sharing.NAMED
        or submission.organisation_id in own_organisation_ids(user)
        or sees_every_organisation(user)
    )
