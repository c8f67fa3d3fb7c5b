"""Access-matrix rows for the submissions entry URLs: see tests/access.py."""

from tests.access import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Row, roles, signed_in

# The organisation's members read its submission; only its leads and the project team change it.
READERS = roles(member=OK, lead=OK, other_lead=NOT_FOUND, others=OK)
EDITORS = roles(member=NOT_FOUND, lead=OK, other_lead=NOT_FOUND, others=OK)
EDITORS_REDIRECTED = roles(member=NOT_FOUND, lead=REDIRECT, other_lead=NOT_FOUND, others=REDIRECT)


def submission_pk(fixture):
    return {"pk": fixture("submission").pk}


def section_kwargs(fixture):
    return {"pk": fixture("submission").pk, "number": 1}


def recommendation_kwargs(fixture):
    recommendation = fixture("recommendation")
    return {"pk": recommendation.submission_id, "recommendation_pk": recommendation.pk}


ROWS = [
    Row("submissions:list", signed_in(OK)),
    Row("submissions:create", roles(member=FORBIDDEN, others=OK)),
    Row("submissions:detail", READERS, kwargs=submission_pk),
    Row("submissions:about", EDITORS, kwargs=submission_pk),
    Row("submissions:section", EDITORS, kwargs=section_kwargs),
    Row("submissions:check", EDITORS, kwargs=submission_pk),
    # Marking an incomplete submission complete shows what is missing.
    Row("submissions:check", EDITORS, kwargs=submission_pk, method="post"),
    Row("submissions:sharing", EDITORS, kwargs=submission_pk),
    Row(
        "submissions:sharing",
        EDITORS_REDIRECTED,
        kwargs=submission_pk,
        method="post",
        data=lambda fixture: {"sharing": "named"},
    ),
    Row("submissions:history", EDITORS, kwargs=submission_pk),
    Row("submissions:copy_forward", EDITORS, kwargs=submission_pk),
    Row("submissions:recommendation_add", EDITORS, kwargs=submission_pk),
    Row("submissions:recommendation_edit", EDITORS, kwargs=recommendation_kwargs),
    Row("submissions:recommendation_delete", EDITORS, kwargs=recommendation_kwargs),
    Row(
        "submissions:recommendation_delete",
        EDITORS_REDIRECTED,
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
