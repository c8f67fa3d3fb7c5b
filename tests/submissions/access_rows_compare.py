"""Access-matrix rows for the submissions compare URLs: see tests/access.py."""

from tests.access import NOT_FOUND, OK, Row, roles, signed_in


def own_profile(fixture):
    """The `organisation`'s private 2019 submission."""
    submission = fixture("submission")
    return {"slug": submission.organisation.slug, "year": submission.edition.year}


def named_profile(fixture):
    """Another organisation's 2019 submission, shared by name."""
    submission = fixture("other_submission")
    return {"slug": submission.organisation.slug, "year": submission.edition.year}


def own_trend(fixture):
    return {"slug": fixture("submission").organisation.slug}


def named_trend(fixture):
    return {"slug": fixture("other_submission").organisation.slug}


def section(fixture):
    return {"year": fixture("edition").year, "number": 1}


# A private submission's profile and trend: its own organisation and the project team only.
OWN_ONLY = roles(other_lead=NOT_FOUND, others=OK)

ROWS = [
    Row("submissions:compare", signed_in(OK)),
    Row("submissions:profile", OWN_ONLY, kwargs=own_profile),
    Row("submissions:profile_csv", OWN_ONLY, kwargs=own_profile),
    Row("submissions:profile", signed_in(OK), kwargs=named_profile),
    Row("submissions:profile_csv", signed_in(OK), kwargs=named_profile),
    Row("submissions:trend", OWN_ONLY, kwargs=own_trend),
    Row("submissions:trend_csv", OWN_ONLY, kwargs=own_trend),
    Row("submissions:trend", signed_in(OK), kwargs=named_trend),
    Row("submissions:trend_csv", signed_in(OK), kwargs=named_trend),
    Row("submissions:section_compare", signed_in(OK), kwargs=section),
    Row("submissions:section_compare_csv", signed_in(OK), kwargs=section),
    Row("submissions:section_leaders", signed_in(OK), kwargs=section),
]
