"""The results spreadsheet: reading CSV and XLSX files, planning an import, applying it, and
writing an organisation's submissions back out in the same format.

Format (see DOMAIN.md): one row per organisation per edition, with the columns organisation,
edition, total_score, rank, sector_rank, sector_entrants, award and section_1 … section_N.

How cells are read:

- Only the columns present in the file are set. An empty cell (or "-" or "n/a") means
  "not known" and sets the value to unknown (the preview says which recorded values that
  clears); for award, which is always recorded, it changes nothing.
- Figures that are allowed but disagree with each other (a rank inside the Top 100 with no
  award, sector entrants unlike others of the same sector and edition) are warned about in
  the preview, not refused.
- A section_N column that the row's edition's round does not have must be empty in that row,
  so one file (and one export) can hold editions from several criteria rounds.
- An empty section cell leaves any comment on that section's result in place and only clears
  the score.
- Figures are checked by the form fields of the About the result and section pages
  (``forms.imports.ResultsRowFields``), so a cell is refused with the words its box on a page
  would get; rules across columns use the model's messages.
"""

import csv
import functools
import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from networks.models import Organisation
from networks.services import data_version_bump
from submissions.forms.imports import FILE_EMPTY_MESSAGE, FILE_TYPE_MESSAGE, ResultsRowFields
from submissions.limits import (
    MAX_PROBLEMS_SHOWN,
    MAX_RESULTS_CELLS,
    MAX_RESULTS_COLUMNS,
    MAX_RESULTS_FILE_SIZE,
    MAX_RESULTS_ROWS,
    MAX_SCORE,
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
    SECTOR_RANK_MESSAGE,
    Edition,
    Section,
    SectionResult,
    Submission,
    plain,
    total_below_sections_message,
)
from weiportal.spreadsheets import csv_text, text_unneutralise

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


@dataclass(frozen=True)
class Change:
    """One value a row changes, as the preview shows it; ``cleared`` when an empty cell will
    remove a value that is recorded now."""

    column: str
    old: str
    new: str
    cleared: bool = False


@dataclass(frozen=True)
class FigureWarning:
    """Figures that disagree with each other: shown before importing, never refused."""

    row: int
    column: str
    message: str

    def __str__(self):
        return f"Row {self.row}, column {self.column}: {self.message}"


@dataclass
class PlannedRow:
    """What one row of the file will do: create a submission, change one, or nothing."""

    row: int
    organisation: Organisation
    edition: Edition
    submission: Submission | None
    values: dict = field(default_factory=dict)
    sections: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    saved: Submission | None = None

    @property
    def action(self):
        if self.submission is None:
            return "create"
        return "update" if self.changes else "unchanged"


@dataclass
class ImportPlan:
    """The validated rows of a file, or the problems that stop it being imported."""

    rows: list = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)

    @property
    def is_valid(self):
        return not self.problems

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self.count("create")

    @property
    def updated(self):
        return self.count("update")

    @property
    def unchanged(self):
        return self.count("unchanged")

    @property
    def warnings(self):
        return [warning for row in self.rows for warning in row.warnings]

    @property
    def cleared(self):
        """How many recorded values the import will clear."""
        return sum(1 for row in self.rows for change in row.changes if change.cleared)


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


# Planning


# Quotation marks and apostrophes as a keyboard or a word processor may type them.
QUOTE_MARKS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"'})


def name_key(name):
    """How organisation names are compared, applied alike to the file's names and the stored
    ones: without regard to case, spacing, "&" or "and", or curly quotes and apostrophes."""
    name = unicodedata.normalize("NFKC", name).casefold().translate(QUOTE_MARKS)
    name = name.replace("&", " and ")
    return " ".join(name.split())


class _Lookups:
    """Everything validation needs, loaded in a fixed number of queries, for a file with
    ``columns``."""

    def __init__(self, columns):
        self.columns = columns
        self._row_fields = {}
        self.organisations_by_name = {}
        self.organisations_by_acronym = {}
        for organisation in Organisation.objects.only("pk", "name", "acronym", "slug", "sector"):
            self.organisations_by_name.setdefault(name_key(organisation.name), []).append(
                organisation
            )
            if organisation.acronym:
                self.organisations_by_acronym.setdefault(
                    name_key(organisation.acronym), []
                ).append(organisation)
        self.editions = {
            edition.year: edition
            for edition in Edition.objects.select_related("criteria_round").prefetch_related(
                "criteria_round__sections", "section_maxima"
            )
        }
        self.sections = {}
        self.maxima = {}
        for edition in self.editions.values():
            self.sections[edition.year] = {
                section.number: section for section in edition.criteria_round.sections.all()
            }
            self.maxima[edition.year] = {
                maximum.section_id: maximum.maximum for maximum in edition.section_maxima.all()
            }

    def row_fields(self, edition):
        """The checks on the figures in rows of ``edition``, built once for each edition.

        Rows whose edition is not known (None) have their figures checked against the most
        the columns hold, so every problem in the row is listed at once.
        """
        year = edition.year if edition else None
        if year not in self._row_fields:
            sections = self.sections.get(year, {})
            maxima = self.maxima.get(year, {})
            section_maxima = {}
            for column in self.columns:
                match = SECTION_COLUMN.match(column)
                section = sections.get(int(match.group(1))) if match else None
                if section is not None:
                    section_maxima[column] = (section.number, maxima.get(section.pk, MAX_SCORE))
            figures = [column for column in SUBMISSION_COLUMNS if column in self.columns]
            self._row_fields[year] = ResultsRowFields(
                edition or Edition(maximum_total=MAX_SCORE),
                figures=figures,
                sections=section_maxima,
            )
        return self._row_fields[year]

    def organisation(self, text):
        key = name_key(text)
        matches = self.organisations_by_name.get(key) or self.organisations_by_acronym.get(key, [])
        if len(matches) > 1 and key in self.organisations_by_name:
            raise ValueError(
                f"More than one organisation is called “{_shown(text)}”: "
                "ask the project team to tell them apart"
            )
        if len(matches) > 1:
            raise ValueError(f"More than one organisation has the acronym “{_shown(text)}”")
        if not matches:
            raise ValueError(f"No organisation called “{_shown(text)}”: use its name or acronym")
        return matches[0]

    def submissions(self, pairs, *, lock=False):
        if not pairs:
            return {}
        organisation_ids = {organisation_id for organisation_id, _ in pairs}
        edition_ids = {edition_id for _, edition_id in pairs}
        found = Submission.objects.filter(
            organisation_id__in=organisation_ids, edition_id__in=edition_ids
        ).prefetch_related("results")
        if lock:
            found = found.select_for_update(of=("self",)).order_by("pk")
        return {
            (submission.organisation_id, submission.edition_id): submission
            for submission in found
            if (submission.organisation_id, submission.edition_id) in pairs
        }


# A column already reported in row 1: its cells are not checked.
IGNORED = "ignored"


def _read_header(cells, problems):
    """Map column positions to normalised column names, collecting problems in row 1.

    Positions without a heading map to None; reported (unknown or repeated) columns to
    IGNORED.
    """
    columns = {}
    seen = {}
    for position, heading in enumerate(cells):
        name = normalise_heading(heading)
        if not name:
            columns[position] = None
            continue
        shown = _shown(heading)
        if name in seen:
            problems.append(Problem(1, shown, f"Column “{shown}” appears more than once"))
            columns[position] = IGNORED
            continue
        seen[name] = position
        if name not in FIXED_COLUMNS and not SECTION_COLUMN.match(name):
            problems.append(
                Problem(
                    1,
                    shown,
                    f"Unknown column “{shown}”: use organisation, edition, total_score, rank, "
                    "sector_rank, sector_entrants, award or section_1, section_2 and so on",
                )
            )
            columns[position] = IGNORED
            continue
        columns[position] = name
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            problems.append(Problem(1, required, f"Add a column called {required}"))
    return columns


@functools.cache
def _label(column):
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    return f"Section {SECTION_COLUMN.match(column).group(1)} score"


def results_plan(
    *, data: bytes, filename: str = "", importer=None, lock=False, progress=None
) -> ImportPlan:
    """Validate a whole results file and say what importing it would do.

    Each row's organisation must be one the ``importer`` may import results for
    (``submissions.import_results``); with no importer (the command line), any.
    Every problem in every row and column is collected; the plan is importable only when
    there are none. Raises ResultsFileError when the file cannot be read at all.

    With ``lock``, inside a transaction, the existing submissions the file names are locked
    until it ends. ``progress(rows_checked, rows)`` is called every PROGRESS_EVERY rows.
    """
    table = read_table(data, filename)
    plan = ImportPlan()
    (_, header), *body = table
    if not body:
        raise ResultsFileError("The selected file has no rows of results under its headings")
    columns = _read_header(header, plan.problems)
    if not set(REQUIRED_COLUMNS) <= set(columns.values()):
        return plan
    lookups = _Lookups([name for name in columns.values() if name not in (None, IGNORED)])
    parsed = []
    first_row_for = {}
    for index, (number, cells) in enumerate(body, start=1):
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(index, len(body))
        row = _parse_row(number, cells, columns, lookups, importer, plan.problems)
        if row is None:
            continue
        key = (row.organisation.pk, row.edition.pk)
        if key in first_row_for:
            plan.problems.append(
                Problem(
                    number,
                    "organisation",
                    f"Duplicate row: row {first_row_for[key]} already has "
                    f"{row.organisation.short_name}'s {row.edition.year} results",
                )
            )
            continue
        first_row_for[key] = number
        parsed.append(row)
    existing = lookups.submissions(set(first_row_for), lock=lock)
    for row in parsed:
        row.submission = existing.get((row.organisation.pk, row.edition.pk))
        _check_row_against_existing(row, lookups, plan.problems)
    if not plan.problems:
        _warn_about_disagreements(parsed, importer)
    if not plan.problems:
        plan.rows = parsed
    return plan


def _parse_row(number, cells, columns, lookups, importer, problems):
    values_by_column = {}
    for position, cell in enumerate(cells):
        name = columns.get(position)
        if name == IGNORED:
            continue
        if name is None:
            if not _blank(cell):
                problems.append(
                    Problem(
                        number,
                        f"column {position + 1}",
                        "This cell has no column heading: add one or remove the cell",
                    )
                )
            continue
        values_by_column[name] = cell
    count = len(problems)
    organisation = edition = None
    organisation_text = _text(values_by_column.get("organisation"))
    if not organisation_text:
        problems.append(Problem(number, "organisation", "Enter an organisation"))
    else:
        try:
            organisation = lookups.organisation(organisation_text)
        except ValueError as error:
            problems.append(Problem(number, "organisation", str(error)))
        else:
            if importer is not None and not importer.has_perm(
                "submissions.import_results", organisation
            ):
                problems.append(
                    Problem(
                        number,
                        "organisation",
                        "You can only import results for organisations whose networks you lead",
                    )
                )
    edition_text = _text(values_by_column.get("edition"))
    if not edition_text:
        problems.append(Problem(number, "edition", "Enter an edition (the results year)"))
    else:
        edition = lookups.editions.get(_year(edition_text))
        if edition is None:
            problems.append(
                Problem(
                    number,
                    "edition",
                    f"No edition with the results year “{_shown(edition_text)}”",
                )
            )
    row = PlannedRow(row=number, organisation=organisation, edition=edition, submission=None)
    sections = {}
    for column, cell in values_by_column.items():
        match = SECTION_COLUMN.match(column)
        if not match or edition is None:
            continue
        section_number = int(match.group(1))
        section = lookups.sections[edition.year].get(section_number)
        if section is not None:
            sections[column] = section
        elif not _is_unknown(cell):
            message = f"The {edition.year} index has no section {section_number}"
            problems.append(Problem(number, column, message))
    checks = lookups.row_fields(edition)
    # Only the columns the row has cells for: a short row leaves the rest as they are.
    values, errors = checks.clean(
        {
            column: _form_value(column, cell)
            for column, cell in values_by_column.items()
            # An award is always recorded (none at the least): an empty cell changes nothing.
            if column in checks.fields and not (column == "award" and _is_unknown(cell))
        }
    )
    problems.extend(Problem(number, column, message) for column, message in errors.items())
    for column, value in values.items():
        if column in sections:
            row.sections[sections[column]] = value
        else:
            row.values[column] = value
    if len(problems) > count or organisation is None or edition is None:
        return None
    return row


def _check_row_against_existing(row, lookups, problems):
    """Rules across columns, using the existing submission's values for absent columns."""
    submission = row.submission

    def effective(column):
        if column in row.values:
            return row.values[column]
        return getattr(submission, column) if submission else None

    sector_rank, sector_entrants = effective("sector_rank"), effective("sector_entrants")
    if sector_rank is not None and sector_entrants is not None and sector_rank > sector_entrants:
        problems.append(
            Problem(
                row.row,
                "sector_rank" if "sector_rank" in row.values else "sector_entrants",
                SECTOR_RANK_MESSAGE,
            )
        )
    old_scores = {}
    if submission:
        old_scores = {result.section_id: result for result in submission.results.all()}
    scores = {section_id: result.score for section_id, result in old_scores.items()}
    scores.update({section.pk: score for section, score in row.sections.items()})
    total = effective("total_score")
    sections_sum = sum((score for score in scores.values() if score is not None), Decimal(0))
    if total is not None and total < sections_sum:
        problems.append(
            Problem(row.row, "total_score", total_below_sections_message(sections_sum))
        )
    for column, new in row.values.items():
        old = getattr(submission, column) if submission else None
        if submission is None or old != new:
            if submission is None and new in (None, Submission.Award.NONE):
                continue
            row.changes.append(
                Change(
                    _label(column),
                    format_value(column, old),
                    format_value(column, new),
                    cleared=new is None and old is not None,
                )
            )
    for section, new in sorted(row.sections.items(), key=lambda item: item[0].number):
        result = old_scores.get(section.pk)
        old = result.score if result else None
        if old != new:
            row.changes.append(
                Change(
                    _label(f"section_{section.number}"),
                    format_value("section", old),
                    format_value("section", new),
                    cleared=new is None and old is not None,
                )
            )


# Warnings: figures that are allowed but disagree with each other

# Stonewall published a Top 100 until the 2022 index brought gold, silver and bronze.
LAST_TOP_100_YEAR = 2020
TOP_100 = 100


def _effective(row, column):
    """A submission's value once the row is imported: the file's, or else the one recorded."""
    if column in row.values:
        return row.values[column]
    if row.submission is not None:
        return getattr(row.submission, column)
    return Submission.Award.NONE if column == "award" else None


def _warn_about_disagreements(rows, importer):
    """Add a warning to each row whose figures disagree: a rank in or out of the Top 100
    that its award contradicts, or sector entrants unlike those recorded (in the file or
    already, in submissions the importer can see) for the same sector and edition."""
    for row in rows:
        if not ({"rank", "award"} & set(row.values)) or row.edition.year > LAST_TOP_100_YEAR:
            continue
        rank, award = _effective(row, "rank"), _effective(row, "award")
        if rank is None:
            continue
        column = "award" if "award" in row.values else "rank"
        if award == Submission.Award.TOP_100 and rank > TOP_100:
            row.warnings.append(
                FigureWarning(
                    row.row,
                    column,
                    f"Rank {rank} is outside the Top 100, but the award is Top 100",
                )
            )
        # A recorded "none" may only mean that nobody said: only the file's own is questioned.
        elif award == Submission.Award.NONE and rank <= TOP_100 and "award" in row.values:
            row.warnings.append(
                FigureWarning(
                    row.row,
                    column,
                    f"Rank {rank} is within the Top 100, but the award is none: "
                    "use top_100, or leave the award cell empty if it is not known",
                )
            )
    checked = [row for row in rows if "sector_entrants" in row.values]
    if not checked:
        return
    # What the file says, row by row, then what is recorded for organisations it leaves out.
    figures = {}
    for row in rows:
        entrants = _effective(row, "sector_entrants")
        if entrants is not None:
            key = (row.edition.pk, row.organisation.sector)
            figures.setdefault(key, {})[row.organisation.pk] = entrants
    recorded = Submission.objects.filter(
        edition_id__in={row.edition.pk for row in checked},
        organisation__sector__in={row.organisation.sector for row in checked},
        sector_entrants__isnull=False,
    )
    if importer is not None:
        recorded = recorded.visible_to(importer)
    for edition_id, sector, organisation_id, entrants in recorded.values_list(
        "edition_id", "organisation__sector", "organisation_id", "sector_entrants"
    ):
        figures.setdefault((edition_id, sector), {}).setdefault(organisation_id, entrants)
    counts = {key: Counter(values.values()) for key, values in figures.items()}
    for row in checked:
        entrants = row.values["sector_entrants"]
        if entrants is None:
            continue
        # The row's own organisation has this very figure, so any other comes from another.
        others = [
            value
            for value, _count in counts[(row.edition.pk, row.organisation.sector)].most_common()
            if value != entrants
        ]
        if others:
            sector = row.organisation.get_sector_display()
            row.warnings.append(
                FigureWarning(
                    row.row,
                    "sector_entrants",
                    f"{entrants} entrants in the sector, but other {sector} organisations "
                    f"have {_listed(others)} for {row.edition.year}",
                )
            )


def _listed(numbers, most=3):
    """The commonest few of ``numbers`` (most common first) as words."""
    shown = [f"{number:,}" for number in numbers[:most]]
    if len(numbers) > most:
        return f"{', '.join(shown)} or other figures"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


# Applying

CONCURRENT_IMPORT_MESSAGE = (
    "Someone else imported results for the same organisations and editions at the same time. "
    "Nothing was imported from this file: upload it again to see what it would change now"
)


def results_import(
    *, data: bytes, filename: str = "", user=None, importer=None, progress=None
) -> ImportPlan:
    """Validate the file again and, only if it has no problems, import every row.

    New submissions are private drafts. Existing ones get only the columns present in the
    file. All or nothing, in one transaction whose number of queries does not depend on the
    number of rows (rows are written in bulk, with their history). Raises ResultsImportError
    (nothing changed) when there is any problem, and ResultsFileError when the file cannot be
    read. The data version moves once per import.

    Should another import create one of the same submissions meanwhile, the import is
    checked and applied once more against what that one saved; a second clash is reported
    as ResultsFileError, never as a database error. ``progress(rows_checked, rows)`` is called
    as the rows are checked.
    """
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                plan = results_plan(
                    data=data, filename=filename, importer=importer, lock=True, progress=progress
                )
                if not plan.is_valid:
                    raise ResultsImportError(plan.problems)
                _apply(plan, user=user, reason=f"Imported from {filename}"[:100])
                data_version_bump()
                return plan
        except IntegrityError as error:
            if attempt == 2:
                raise ResultsFileError(CONCURRENT_IMPORT_MESSAGE) from error
    raise AssertionError("unreachable")


@functools.cache
def _field_names(model):
    return frozenset(field.name for field in model._meta.concrete_fields)


def _checked(instance, fields):
    """Check the fields the import sets, without a query. Rules across fields and rows
    (maximums, ranks within entrants, the total against its sections, one submission per
    edition) were checked when the plan was made, and the database's constraints hold them
    again. Related rows were loaded with the plan: checking that each exists, as the model
    would, is a query apiece, so they are left out."""
    try:
        instance.clean_fields(exclude=_field_names(type(instance)) - set(fields))
    except ValidationError as error:
        raise ResultsImportError(
            [
                Problem(instance._import_row, column, message)
                for column, messages in error.message_dict.items()
                for message in messages
            ]
        ) from error
    return instance


def _apply(plan, *, user, reason):
    # One time for the whole import, as it is one change.
    history = {
        "default_user": user,
        "default_change_reason": reason,
        "default_date": timezone.now(),
    }
    new_submissions, changed_submissions, changed_columns = [], [], set()
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        submission = row.submission
        if submission is None:
            submission = Submission(organisation=row.organisation, edition=row.edition)
            new_submissions.append(submission)
        else:
            columns = {
                column
                for column, value in row.values.items()
                if getattr(submission, column) != value
            }
            if columns:
                changed_submissions.append(submission)
                changed_columns |= columns
        for column, value in row.values.items():
            setattr(submission, column, value)
        submission._import_row = row.row
        row.saved = _checked(submission, row.values)
    bulk_create_with_history(new_submissions, Submission, **history)
    if changed_submissions:
        bulk_update_with_history(
            changed_submissions, Submission, sorted(changed_columns), **history
        )
    new_results, changed_results = [], []
    for row in plan.rows:
        if row.action == "unchanged" or not row.sections:
            continue
        existing = {}
        if row.submission is not None:
            existing = {result.section_id: result for result in row.submission.results.all()}
        for section, score in row.sections.items():
            result = existing.get(section.pk)
            if result is None:
                if score is None:
                    continue
                result = SectionResult(submission=row.saved, section=section, score=score)
                new_results.append(result)
            elif result.score != score:
                result.score = score
                changed_results.append(result)
            else:
                continue
            result._import_row = row.row
            _checked(result, ["score"])
    bulk_create_with_history(new_results, SectionResult, **history)
    if changed_results:
        bulk_update_with_history(changed_results, SectionResult, ["score"], **history)


# Exporting


def results_export(*, organisation: Organisation) -> str:
    """An organisation's submissions as a results spreadsheet (CSV) that imports back unchanged.

    Every section column up to the highest section number of the exported editions' rounds is
    written; cells for sections a row's round does not have are left empty.
    """
    submissions = list(
        Submission.objects.filter(organisation=organisation)
        .select_related("edition")
        .prefetch_related(
            Prefetch("results", queryset=SectionResult.objects.select_related("section"))
        )
        .order_by("edition__year")
    )
    round_ids = {submission.edition.criteria_round_id for submission in submissions}
    highest = max(
        Section.objects.filter(criteria_round_id__in=round_ids).values_list("number", flat=True),
        default=0,
    )
    rows = []
    for submission in submissions:
        scores = {result.section.number: result.score for result in submission.results.all()}
        rows.append(
            [
                organisation.name,
                submission.edition.year,
                plain(submission.total_score),
                plain(submission.rank),
                plain(submission.sector_rank),
                plain(submission.sector_entrants),
                submission.award,
                *(plain(scores.get(number)) for number in range(1, highest + 1)),
            ]
        )
    header = FIXED_COLUMNS + [f"section_{number}" for number in range(1, highest + 1)]
    return csv_text(header, rows, lineterminator="\r\n")
