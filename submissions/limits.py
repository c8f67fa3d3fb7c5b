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
