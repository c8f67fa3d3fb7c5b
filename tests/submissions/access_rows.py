"""Access-matrix rows for the submissions app, one list per part of the app."""

from tests.submissions.access_rows_compare import ROWS as COMPARE_ROWS
from tests.submissions.access_rows_entry import ROWS as ENTRY_ROWS
from tests.submissions.access_rows_imports import ROWS as IMPORT_ROWS

ROWS = ENTRY_ROWS + IMPORT_ROWS + COMPARE_ROWS
