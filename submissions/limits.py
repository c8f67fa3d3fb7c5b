"""What submissions accept, defined once.

Models, forms, the results import and their messages read these, so a number changed here
changes every check and every message that states it.
"""

from decimal import Decimal

# Years: results years, criteria rounds and dates entered on forms.
FIRST_YEAR = 2000
LAST_YEAR = 2100

# Scores and averages: what their columns hold, up to 9999.99.
SCORE_MAX_DIGITS = 6
SCORE_DECIMAL_PLACES = 2
MAX_SCORE = Decimal(
    f"{'9' * (SCORE_MAX_DIGITS - SCORE_DECIMAL_PLACES)}.{'9' * SCORE_DECIMAL_PLACES}"
)
# The highest rank or number of entrants accepted where the edition does not say how many
# organisations entered.
MAX_ENTRANTS = 100_000

# Stonewall published a Top 100 up to the 2020 index, and from the 2022 index gives Gold,
# Silver and Bronze awards instead.
MEDALS_FROM_YEAR = 2022

FEEDBACK_MAX_LENGTH = 10_000
COMMENT_MAX_LENGTH = 5_000
# The organisation's own answer to a section, as it submitted it.
ANSWER_MAX_LENGTH = 60_000
RECOMMENDATION_MAX_LENGTH = 5_000
ACTION_OWNER_MAX_LENGTH = 200

# The results spreadsheet.
MAX_RESULTS_FILE_MB = 5
MAX_RESULTS_FILE_SIZE = MAX_RESULTS_FILE_MB * 1024 * 1024
# A compressed workbook under the size limit can still unpack to millions of rows.
MAX_RESULTS_ROWS = 20_000
RESULTS_FILE_SIZE_MESSAGE = f"The selected file must be smaller than {MAX_RESULTS_FILE_MB} MB"
RESULTS_ROWS_MESSAGE = f"The selected file must have no more than {MAX_RESULTS_ROWS:,} rows"
# Bounds checked before the work they bound, so a hostile file is refused in moments.
MAX_RESULTS_COLUMNS = 200
MAX_RESULTS_CELLS = 500_000
# A workbook is a zip: its members' declared sizes are checked before anything is unpacked
# (the zip reader stops at the declared size), and an unusually compressed member is refused.
MAX_XLSX_UNPACKED_MB = 40
MAX_XLSX_UNPACKED_SIZE = MAX_XLSX_UNPACKED_MB * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_MEMBERS = 1_000
RESULTS_COLUMNS_MESSAGE = (
    f"Row {{row}} of the selected file has more than {MAX_RESULTS_COLUMNS} cells: a results "
    f"file can have no more than {MAX_RESULTS_COLUMNS} columns"
)
RESULTS_CELLS_MESSAGE = (
    f"The selected file must have no more than {MAX_RESULTS_CELLS:,} cells: split it into "
    "smaller files"
)
XLSX_UNPACKED_MESSAGE = (
    "The selected file unpacks to more than a results spreadsheet can hold: save it again "
    f"with only the results (at most {MAX_XLSX_UNPACKED_MB} MB unpacked), or as a CSV file"
)
# Problems listed for a file; the rest are counted.
MAX_PROBLEMS_SHOWN = 100
