"""Access-matrix rows for the site-wide pages."""

from tests.access import OK, REDIRECT, Row, everyone, roles, signed_in

ROWS = [
    Row("start", roles(anonymous=OK, others=REDIRECT)),
    Row("dashboard", signed_in(OK)),
    Row("accessibility", everyone(OK)),
    Row("cookies", everyone(OK)),
    Row("privacy", everyone(OK)),
    Row("contact", everyone(OK)),
]
