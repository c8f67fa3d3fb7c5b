"""Access-matrix rows for the account URLs and the networks app."""

from tests.access import NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Row, everyone, roles, signed_in


def network_kwargs(fixture):
    return {"slug": fixture("network").slug}


def membership_kwargs(fixture):
    return {"slug": fixture("network").slug, "pk": fixture("member_membership").pk}


def managers(status):
    """Leads of the network, the project team and admins get ``status``; others 404."""
    return roles(member=NOT_FOUND, other_lead=NOT_FOUND, others=status)


ROWS = [
    Row("login", roles(anonymous=OK, others=REDIRECT)),
    Row("logout", everyone(NOT_ALLOWED)),
    Row("logout", everyone(REDIRECT), method="post"),
    Row("account", signed_in(OK)),
    Row("password_change", signed_in(OK)),
    Row("password_change_done", signed_in(OK)),
    Row("password_reset", everyone(OK)),
    Row("password_reset_done", everyone(OK)),
    Row(
        "password_reset_confirm",
        everyone(OK),
        kwargs=lambda fixture: {"uidb64": "MQ", "token": "not-a-token"},
    ),
    Row("password_reset_complete", everyone(OK)),
    # The directory: every signed-in person may browse it.
    Row("networks:organisation_list", signed_in(OK)),
    Row("networks:organisation_list", signed_in(OK), query="type=executive_agency&q=dept"),
    Row(
        "networks:organisation_detail",
        signed_in(OK),
        kwargs=lambda fixture: {"slug": fixture("organisation").slug},
    ),
    Row("networks:network_detail", signed_in(OK), kwargs=network_kwargs),
    # Managing a network: its leads and the project team; anyone else gets 404.
    Row("networks:network_edit", managers(OK), kwargs=network_kwargs),
    Row(
        "networks:network_edit",
        managers(REDIRECT),
        kwargs=network_kwargs,
        method="post",
        data=lambda fixture: {
            "description": "Changed",
            "contact_email": "new@example.gov.uk",
            "lock_version": fixture("network").lock_version,
        },
    ),
    Row("networks:member_add", managers(OK), kwargs=network_kwargs),
    Row(
        "networks:member_add",
        managers(REDIRECT),
        kwargs=network_kwargs,
        method="post",
        data=lambda fixture: {"email": "new.person@example.gov.uk", "role": "member"},
    ),
    Row("networks:member_role", managers(OK), kwargs=membership_kwargs),
    Row(
        "networks:member_role",
        managers(REDIRECT),
        kwargs=membership_kwargs,
        method="post",
        data=lambda fixture: {"role": "lead"},
    ),
    Row("networks:member_remove", managers(OK), kwargs=membership_kwargs),
    Row("networks:member_remove", managers(REDIRECT), kwargs=membership_kwargs, method="post"),
]
