"""The access matrix: what every role gets from every named URL.

Each app lists its rows in ``tests/<app>/access_rows.py``. A row names a URL, how to build its
arguments from fixtures, and the status each role must get. ``tests/test_access_matrix.py``
walks them all, and fails when a named URL has no row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ["anonymous", "member", "lead", "other_lead", "project_team", "admin"]

# Shorthands for expected statuses.
OK = 200
REDIRECT = 302
BAD_REQUEST = 400
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405


@dataclass
class Row:
    name: str
    expected: dict[str, int]
    # Builds the URL's keyword arguments; receives pytest's getfixturevalue.
    kwargs: Callable[[Callable], dict] = field(default=lambda fixture: {})
    method: str = "get"
    data: Callable[[Callable], dict] = field(default=lambda fixture: {})
    query: str = ""

    def __post_init__(self):
        missing = set(ROLES) - set(self.expected)
        assert not missing, f"{self.name}: no expected status for {sorted(missing)}"

    @property
    def id(self):
        return f"{self.method}:{self.name}{'?' + self.query if self.query else ''}"


def signed_in(status, anonymous=REDIRECT):
    """Every signed-in role gets ``status``; anonymous visitors are sent to sign in."""
    return {role: (anonymous if role == "anonymous" else status) for role in ROLES}


def everyone(status):
    return dict.fromkeys(ROLES, status)


def roles(anonymous=REDIRECT, **statuses):
    """Explicit statuses; ``others`` sets every role not named."""
    others = statuses.pop("others", None)
    result = {"anonymous": anonymous}
    for role in ROLES[1:]:
        result[role] = statuses.get(role, others)
    return result
