"""Reading a results file: its bounds, its cells, and the problems found in it."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from submissions.forms.imports import FILE_EMPTY_MESSAGE, FILE_TYPE_MESSAGE
from submissions.limits import (
    MAX_PROBLEMS_SHOWN,
    MAX_RESULTS_CELLS,
    MAX_RESULTS_COLUMNS,
    MAX_RESULTS_FILE_SIZE,
    MAX_RESULTS_ROWS,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED_SIZE,
    RESULTS_CELLS_MESSAGE,
    RESULTS_COLUMNS_MESSAGE,
    RESULTS_FILE_SIZE_MESSAGE,
    RESULTS_ROWS_MESSAGE,
    XLSX_UNPACKED_MESSAGE,
)
from submissions.models import (
    Submission,
    plain,
)
from weiportal.spreadsheets import text_unneutralise

REQUIRED_COLUMNS = ["organisation", "edition"]
SUBMISSION_COLUMNS = ["total_score", "rank", "sector_rank", "sector_entrants", "award"]
FIXED_COLUMNS = REQUIRED_COLUMNS + SUBMISSION_COLUMNS
SECTION_COLUMN = re.compile(r"^section_([1-9][0-9]{0,2})$")
COLUMN_LABELS = {
    "organisation": "Organisation",
    "edition": "Edition",
    "total_score": "Total score",
    "rank": "Rank",
    "sector_rank": "Sector rank",
    "sector_entrants": "Number of entrants in the sector",
    "award": "Award",
}
COUNT_COLUMNS = {"rank", "sector_rank", "sector_entrants"}
RANK_DECORATION = re.compile(r"^=\s*|(?<=\d)(st|nd|rd|th)$", re.IGNORECASE)
AWARD_CODES = frozenset(Submission.Award.values)
UNKNOWN_MARKERS = {"", "-", "–", "—", "n/a", "na"}
SHOWN_VALUE_LENGTH = 40
PROGRESS_EVERY = 250


class ResultsFileError(ValueError):
    """The file cannot be read as a results spreadsheet at all (not a row-level problem)."""


class Problems:
    """The problems found in a file: the first MAX_PROBLEMS_SHOWN in order of row (and of
    finding, within a row), and how many there are in all. A file with a problem in every
    cell is described in the same small space as one with a single problem."""

    def __init__(self, problems=(), *, limit=MAX_PROBLEMS_SHOWN):
        self.limit = limit
        self.total = 0
        self._kept = []
        self.extend(problems)

    def append(self, problem):
        self.total += 1
        self._kept.append(problem)
        if len(self._kept) >= 4 * self.limit:
            self._trim()

    def extend(self, problems):
        for problem in problems:
            self.append(problem)

    def _trim(self):
        self._kept.sort(key=lambda problem: problem.row)
        del self._kept[self.limit :]

    def __len__(self):
        return self.total

    def __bool__(self):
        return self.total > 0

    def __iter__(self):
        self._trim()
        return iter(list(self._kept))

    @property
    def more(self):
        """How many problems there are besides the ones listed."""
        return self.total - min(self.total, self.limit)


class ResultsImportError(Exception):
    """The file has problems; nothing was imported."""

    def __init__(self, problems):
        problems = problems if isinstance(problems, Problems) else Problems(problems)
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    """One problem with the file, where a person would find it in a spreadsheet."""

    row: int
    column: str
    message: str

    def __str__(self):
        column = f", column {self.column}" if self.column else ""
        return f"Row {self.row}{column}: {self.message}"


# Reading files


def is_xlsx(data):
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _check_unpacked_size(data):
    """Refuse a workbook whose members would unpack to too much, before unpacking any.

    The sizes are those the zip declares; Python's zip reader never unpacks a member beyond
    its declared size (it reports a damaged file instead), so they bound the work.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    if len(members) > MAX_XLSX_MEMBERS:
        raise ResultsFileError(XLSX_UNPACKED_MESSAGE)
    if sum(member.file_size for member in members) > MAX_XLSX_UNPACKED_SIZE:
        raise ResultsFileError(XLSX_UNPACKED_MESSAGE)
    for member in members:
        # Small members compress unevenly; a large one packed this tightly is a zip bomb.
        if member.file_size > 1024 * 1024 and (
            member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
        ):
            raise ResultsFileError(XLSX_UNPACKED_MESSAGE)


def read_table(data, filename=""):
    """The file's cells as a list of (spreadsheet row number, cells), header first.

    Raises ResultsFileError when the file is empty, too big, or not CSV or XLSX.
    """
    if not data:
        raise ResultsFileError(FILE_EMPTY_MESSAGE)
    if len(data) > MAX_RESULTS_FILE_SIZE:
        raise ResultsFileError(RESULTS_FILE_SIZE_MESSAGE)
    extension = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if is_xlsx(data):
        if extension not in ("", "xlsx"):
            raise ResultsFileError(FILE_TYPE_MESSAGE)
        rows = _read_xlsx(data)
    else:
        if extension not in ("", "csv", "txt") or data.startswith(b"PK\x03\x04"):
            raise ResultsFileError(FILE_TYPE_MESSAGE)
        rows = _read_csv(data)
    numbered = [
        (number, cells)
        for number, cells in enumerate(rows, start=1)
        if not all(_blank(cell) for cell in cells)
    ]
    if not numbered:
        raise ResultsFileError(FILE_EMPTY_MESSAGE)
    return numbered


def _blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _read_csv(data):
    if b"\x00" in data:
        raise ResultsFileError(FILE_TYPE_MESSAGE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ResultsFileError(
            "The selected file must be saved as UTF-8: in your spreadsheet, save it as “CSV UTF-8”"
        ) from error
    try:
        return _limited(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ResultsFileError(f"The selected file could not be read as CSV: {error}") from error


def _limited(rows):
    """The rows, refused as soon as there are too many of them, of their cells, or of cells in
    one row (empty cells past the last column, which some programs write, do not count)."""
    table = []
    cells = 0
    for number, row in enumerate(rows, start=1):
        if len(table) > MAX_RESULTS_ROWS:
            raise ResultsFileError(RESULTS_ROWS_MESSAGE)
        row = list(row)
        if len(row) > MAX_RESULTS_COLUMNS:
            if not all(_blank(cell) for cell in row[MAX_RESULTS_COLUMNS:]):
                raise ResultsFileError(RESULTS_COLUMNS_MESSAGE.format(row=number))
            del row[MAX_RESULTS_COLUMNS:]
        used = len(row)
        while used and _blank(row[used - 1]):
            used -= 1
        cells += used
        if cells > MAX_RESULTS_CELLS:
            raise ResultsFileError(RESULTS_CELLS_MESSAGE)
        table.append(row)
    return table


def _read_xlsx(data):
    from openpyxl import load_workbook

    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ResultsFileError(FILE_TYPE_MESSAGE) from error
    try:
        if not workbook.worksheets:
            raise ResultsFileError(FILE_EMPTY_MESSAGE)
        sheet = workbook.worksheets[0]
        # The sheet's declared size is not trusted: read one column past the most allowed,
        # so a wider row is refused, and never pad rows out to a declared width.
        sheet.reset_dimensions()
        return _limited(sheet.iter_rows(max_col=MAX_RESULTS_COLUMNS + 1, values_only=True))
    except ResultsFileError:
        raise
    except Exception as error:  # a sheet damaged past what load_workbook checks
        raise ResultsFileError(FILE_TYPE_MESSAGE) from error
    finally:
        workbook.close()


# Reading cells


def normalise_heading(heading):
    text = "" if heading is None else str(heading)
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _shown(cell):
    text = str(cell).strip()
    if len(text) > SHOWN_VALUE_LENGTH:
        text = text[:SHOWN_VALUE_LENGTH] + "…"
    return text


def _text(cell):
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    # The apostrophe the portal's own exports put before text that looks like a formula.
    return " ".join(text_unneutralise(str(cell).strip()).split())


def _is_unknown(cell):
    return _text(cell).lower() in UNKNOWN_MARKERS


def _year(text):
    """The results year a cell names, or None."""
    text = re.sub(r"\.0*$", "", text)
    return int(text) if text.isdigit() else None


def _form_value(column, cell):
    """A cell as text for the row's form fields: empty when not known;
    ranks without the "=" of a tie or an ordinal's ending; award codes forgiving of case and
    spacing."""
    text = _text(cell)
    if text.lower() in UNKNOWN_MARKERS:
        return ""
    if column in COUNT_COLUMNS:
        # Published rankings show ties as "=45" and some write "121st".
        text = RANK_DECORATION.sub("", text)
    elif column == "award":
        code = re.sub(r"[\s\-]+", "_", text.lower())
        text = code if code in AWARD_CODES else _shown(cell)
    return text


def format_value(column, value):
    """A value as it appears in the preview; unknown is shown as such."""
    if value is None:
        return "not known"
    if column == "award":
        return Submission.Award(value).label
    return plain(value)
