"""Access-matrix rows for the submissions imports URLs: see tests/access.py.

Importing is for network leads (their own organisations) and the project team; members who
lead nothing get 404. With nothing uploaded, the check and done pages send importers back to
the upload page. An organisation's export is for its own people and the project team. A
background import's page is for the person who started it alone.
"""

from tests.access import NOT_FOUND, OK, REDIRECT, Row, roles

IMPORTERS_OK = roles(member=NOT_FOUND, others=OK)
IMPORTERS_REDIRECT = roles(member=NOT_FOUND, others=REDIRECT)

ROWS = [
    Row("submissions:import", IMPORTERS_OK),
    # No file chosen: the form is shown again with an error.
    Row("submissions:import", IMPORTERS_OK, method="post"),
    Row("submissions:import_confirm", IMPORTERS_REDIRECT),
    Row("submissions:import_confirm", IMPORTERS_REDIRECT, method="post"),
    Row("submissions:import_done", IMPORTERS_REDIRECT),
    Row(
        "submissions:import_job",
        roles(lead=OK, others=NOT_FOUND),
        kwargs=lambda fixture: {"pk": fixture("import_job").pk},
    ),
    Row(
        "submissions:export",
        roles(other_lead=NOT_FOUND, others=OK),
        kwargs=lambda fixture: {"organisation": fixture("organisation").slug},
    ),
]
