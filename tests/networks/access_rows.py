"""Access-matrix rows for the pages and account URLs, and the networks app."""

from tests.access import NOT_ALLOWED, OK, REDIRECT, Row, everyone, roles, signed_in

ROWS = [
    Row("start", roles(anonymous=OK, others=REDIRECT)),
    Row("dashboard", signed_in(OK)),
    Row("accessibility", everyone(OK)),
    Row("cookies", everyone(OK)),
    Row("privacy", everyone(OK)),
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
]
