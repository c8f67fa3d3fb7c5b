"""Access-matrix rows for the submissions entry URLs: see tests/access.py."""

from tests.access import NOT_FOUND, OK, REDIRECT, Row, roles, signed_in

# The organisation's members read and draft its submission, as do the project team (who
# correct results) and admins; another organisation's lead gets 404.
READERS = roles(other_lead=NOT_FOUND, others=OK)
DRAFTERS = READERS
DRAFTERS_REDIRECTED = roles(other_lead=NOT_FOUND, others=REDIRECT)
# Marking complete and copying forward: the organisation's leads and the project team.
MANAGERS = roles(member=NOT_FOUND, lead=OK, other_lead=NOT_FOUND, others=OK)
# The sharing level: the organisation's own leads alone.
SHARERS = roles(lead=OK, others=NOT_FOUND)
SHARERS_REDIRECTED = roles(lead=REDIRECT, others=NOT_FOUND)


def submission_pk(fixture):
    return {"pk": fixture("submission").pk}


def section_kwargs(fixture):
    return {"pk": fixture("submission").pk, "number": 1}


def recommendation_kwargs(fixture):
    recommendation = fixture("recommendation")
    return {"pk": recommendation.submission_id, "recommendation_pk": recommendation.pk}


ROWS = [
    Row("submissions:list", signed_in(OK)),
    Row("submissions:create", signed_in(OK)),
    Row("submissions:detail", READERS, kwargs=submission_pk),
    Row("submissions:about", DRAFTERS, kwargs=submission_pk),
    Row("submissions:section", DRAFTERS, kwargs=section_kwargs),
    Row("submissions:check", MANAGERS, kwargs=submission_pk),
    # Marking an incomplete submission complete shows what is missing.
    Row("submissions:check", MANAGERS, kwargs=submission_pk, method="post"),
    Row("submissions:sharing", SHARERS, kwargs=submission_pk),
    Row(
        "submissions:sharing",
        SHARERS_REDIRECTED,
        kwargs=submission_pk,
        method="post",
        data=lambda fixture: {"sharing": "named"},
    ),
    Row("submissions:history", DRAFTERS, kwargs=submission_pk),
    Row("submissions:copy_forward", MANAGERS, kwargs=submission_pk),
    Row("submissions:recommendation_add", DRAFTERS, kwargs=submission_pk),
    Row("submissions:recommendation_edit", DRAFTERS, kwargs=recommendation_kwargs),
    Row("submissions:recommendation_delete", DRAFTERS, kwargs=recommendation_kwargs),
    Row(
        "submissions:recommendation_delete",
        DRAFTERS_REDIRECTED,
        kwargs=recommendation_kwargs,
        method="post",
    ),
    Row(
        "submissions:actions",
        READERS,
        kwargs=lambda fixture: {"slug": fixture("organisation").slug},
    ),
    Row(
        "submissions:edition",
        signed_in(OK),
        kwargs=lambda fixture: {"year": fixture("edition").year},
    ),
]
