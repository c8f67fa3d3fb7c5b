"""Planning an import: what each row of a results file would do, its problems and the
figures to check."""

import functools
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from networks.models import Organisation
from submissions.forms.imports import ResultsRowFields
from submissions.imports.reading import (
    COLUMN_LABELS,
    FIXED_COLUMNS,
    PROGRESS_EVERY,
    REQUIRED_COLUMNS,
    SECTION_COLUMN,
    SUBMISSION_COLUMNS,
    Problem,
    Problems,
    ResultsFileError,
    _blank,
    _form_value,
    _is_unknown,
    _shown,
    _text,
    _year,
    format_value,
    normalise_heading,
    read_table,
)
from submissions.limits import (
    MAX_SCORE,
    MEDALS_FROM_YEAR,
)
from submissions.models import (
    SECTOR_RANK_MESSAGE,
    Edition,
    Submission,
    total_below_sections_message,
)


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
    award = row.values.get("award")
    awards = dict(row.edition.award_choices())
    if award is not None and award not in awards:
        problems.append(
            Problem(
                row.row,
                "award",
                f"The {row.edition.year} index gave no award {award!r}: use "
                + ", ".join(awards)
                + ", or leave the cell empty if it is not known",
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
        if not ({"rank", "award"} & set(row.values)) or row.edition.year >= MEDALS_FROM_YEAR:
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
