"""Disclosure control: which aggregates of an edition may be shown without revealing the scores
of an organisation that shared anonymously.

Named organisations' scores are public and every organisation's sector is in the directory, so
each aggregate the portal shows is a linear equation in the anonymous organisations' scores:
``sum over the group's anonymous members = mean * count - the named members' scores``. The
audit assumes the worst: a reader knows which organisations are in each group.

- **Primary rule**: an aggregate over a group is shown only if the group has at least the
  minimum number of organisations and holds either no anonymous submission or at least the
  minimum number of them (the setting ``MINIMUM_ORGANISATIONS_FOR_AVERAGE`` for both).
- **Secondary suppression**: groups overlap (the portal, sectors, the highest-scoring quarter;
  each section and the total), so differences of shown aggregates can still isolate one score.
  A score is *determined* when its unit vector lies in the row space of the published equations
  (its projection onto that space has length one). An organisation that shared anonymously
  knows its own scores, so a score is also *exposed* when another anonymous organisation,
  adding all of its own scores to the equations, could determine it. Of the aggregates whose
  equations make an exposed score, the smallest is withheld, round after round, until none
  is exposed.

Some equations cannot be withheld: a section's list shows every anonymous score (unnamed) once
enough of them shared, so their sum is known to everyone, and an anonymous submission whose
total is the sum of its sections links the two. The audit includes them.

The aggregates the pages publish, and so the cells audited, are for each section and for the
total: all organisations that shared (``PORTAL``), each sector (``SECTOR``) and the
highest-scoring quarter on the portal (``TOP_QUARTER``). No page aggregates across editions, so
editions are audited one at a time. Medians and quartiles are shown only over a section's whole
list, which shows the scores themselves.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.core.cache import cache

from networks.models import Organisation
from submissions.compare.statistics import minimum_organisations, top_quarter_cutoff
from submissions.compare.version import digest
from submissions.models import EditionSection, SectionResult, Submission

PORTAL = "portal"
SECTOR = "sector"
TOP_QUARTER = "top_quarter"
TOTAL = "total"  # the measure of the total score; sections are measured by their ids

# Numerical tolerance of the rank and projection tests (the equations hold small integers).
TOLERANCE = 1e-8
# Decisions depend only on their key (``structure_key``); this only lets old ones expire.
DECISIONS_CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class Record:
    """A shared submission as the audit sees it."""

    submission_id: int
    organisation_id: int
    anonymous: bool
    sector: str
    total: Decimal | None
    scores: dict  # section id: score, only where scored
    in_top_quarter: bool = False

    def value(self, measure):
        return self.total if measure == TOTAL else self.scores.get(measure)


@dataclass(frozen=True)
class Cell:
    """One aggregate: a measure (a section id or ``TOTAL``) over a group, ``(PORTAL,)``,
    ``(SECTOR, sector)`` or ``(TOP_QUARTER,)``."""

    measure: object
    group: tuple

    def __str__(self):
        measure = "total" if self.measure == TOTAL else f"section id {self.measure}"
        return f"{measure}, {':'.join(str(part) for part in self.group)}"


@dataclass(frozen=True)
class CellFigures:
    count: int
    anonymous: int
    total: Decimal


@dataclass
class Audit:
    """What may be shown of an edition's aggregates."""

    cells: dict  # Cell: CellFigures, every group with a member
    primary: set = field(default_factory=set)  # withheld by the primary rule
    secondary: set = field(default_factory=set)  # withheld so no difference isolates a score
    fixed: set = field(default_factory=set)  # implied by what lists show; cannot be withheld
    determined: list = field(default_factory=list)  # (submission id, measure) still exposed

    @property
    def withheld(self):
        return self.primary | self.secondary

    def shown(self, cell):
        return cell in self.cells and cell not in self.withheld


def primary_allows(count, anonymous):
    """The primary rule for a group of ``count`` organisations, ``anonymous`` of them shared
    anonymously."""
    minimum = minimum_organisations()
    return count >= minimum and (anonymous == 0 or anonymous >= minimum)


def count_allowed(anonymous):
    """Whether the number of organisations in a group with ``anonymous`` anonymous members
    may be said: never for a group with a few (a count of named-only groups reveals no one)."""
    return anonymous == 0 or anonymous >= minimum_organisations()


@dataclass(frozen=True)
class SectorAnonymity:
    """What the public directory tells anyone about an organisation's sector."""

    sector_label: str
    organisations: int  # in the sector, in the directory

    @property
    def only_one(self):
        return self.organisations <= 1

    @property
    def too_small(self):
        """Too few organisations for the sector's figures ever to hold enough anonymous ones."""
        return self.organisations < minimum_organisations()


def sector_anonymity(organisation):
    """How many organisations the directory lists in ``organisation``'s sector (one query)."""
    return SectorAnonymity(
        organisation.get_sector_display(),
        Organisation.objects.filter(sector=organisation.sector).count(),
    )


def groups_of(record):
    groups = [(PORTAL,), (SECTOR, record.sector)]
    if record.in_top_quarter:
        groups.append((TOP_QUARTER,))
    return groups


def cell_figures(records, measures):
    """The count, anonymous count and sum of every cell with a member, cells in the order
    of their first member."""
    sums = {}
    for record in records:
        groups = groups_of(record)
        anonymous = int(record.anonymous)
        for measure in measures:
            value = record.value(measure)
            if value is None:
                continue
            for group in groups:
                # Plain tuples while adding up: thousands of look-ups an edition.
                figures = sums.get((measure, group))
                if figures is None:
                    sums[(measure, group)] = [1, anonymous, value]
                else:
                    figures[0] += 1
                    figures[1] += anonymous
                    figures[2] += value
    return {
        Cell(measure, group): CellFigures(*figures) for (measure, group), figures in sums.items()
    }


@dataclass(frozen=True)
class Exposure:
    """Unknowns that ``matrix`` determines, alone or once one other unknown is known; for each,
    a combination of unknowns (a vector) that lies in the row space and reveals it."""

    indexes: list
    vectors: list


def exposures(matrix, insiders=()):
    """Which unknowns (columns) the rows of ``matrix`` expose, alone or to an insider.

    ``insiders`` are lists of columns one reader knows (an anonymous organisation's own
    scores). With P the projection onto the row space and R = I - P, e_i lies in the row space
    when R_ii = 0. An insider knowing the columns S determines x_i when R e_i lies in the span
    of the R e_j for j in S: then e_i - sum c_j e_j lies in the row space, with c solving
    R[S, S] c = R[S, i], and R_ii = R[i, S] c.
    """
    width = matrix.shape[1]
    if not matrix.size:
        return Exposure([], [])
    _u, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int((singular > TOLERANCE * max(singular.max(), 1.0)).sum())
    basis = vt[:rank]
    residual = np.eye(width) - basis.T @ basis
    free = np.clip(np.diag(residual), 0.0, None)
    indexes, vectors = [], []
    for index in np.flatnonzero(free < TOLERANCE):
        vector = np.zeros(width)
        vector[index] = 1.0
        indexes.append(int(index))
        vectors.append(vector)
    for known in insiders:
        rows = residual[known]
        coefficients = np.linalg.pinv(rows[:, known], rcond=1e-10) @ rows
        left = free - np.einsum("ji,ji->i", rows, coefficients)
        exposed = (left < TOLERANCE) & (free >= TOLERANCE)
        exposed[known] = False
        for index in np.flatnonzero(exposed):
            vector = np.zeros(width)
            vector[index] = 1.0
            vector[known] -= coefficients[:, index]
            indexes.append(int(index))
            vectors.append(vector)
    return Exposure(indexes, vectors)


# How many exposed combinations are traced back to their equations in one round.
TRACED_PER_ROUND = 200


def _involved_rows(matrix, vectors):
    """For each vector, the rows of ``matrix`` in the least-norm combination that makes it."""
    coefficients, *_rest = np.linalg.lstsq(matrix.T, np.array(vectors).T, rcond=None)
    return [set(np.flatnonzero(np.abs(column) > 1e-6)) for column in coefficients.T]


def audit(records, measures):
    """Apply the primary rule, then withhold further aggregates until no anonymous score is
    exposed; return what may be shown.

    ``records`` are an edition's shared submissions and ``measures`` its section ids and
    ``TOTAL``. A fixed number of singular value decompositions per withheld cell.
    """
    cells = cell_figures(records, measures)
    result = Audit(cells=cells)
    result.primary = {
        cell
        for cell, figures in cells.items()
        if not primary_allows(figures.count, figures.anonymous)
    }
    anonymous = [record for record in records if record.anonymous]
    columns = {
        (record.submission_id, measure): index
        for index, (record, measure) in enumerate(
            (record, measure)
            for record in anonymous
            for measure in measures
            if record.value(measure) is not None
        )
    }
    if not columns:
        return result
    members = defaultdict(list)
    for record in anonymous:
        for measure in measures:
            key = (record.submission_id, measure)
            if key in columns:
                for group in groups_of(record):
                    members[Cell(measure, group)].append(columns[key])
    fixed_rows = []
    for cell, figures in cells.items():
        # A section's list shows every anonymous score once enough of them shared.
        if (
            cell.group == (PORTAL,)
            and cell.measure != TOTAL
            and figures.anonymous >= minimum_organisations()
        ):
            result.fixed.add(cell)
            fixed_rows.append(members[cell])
    links = []
    for record in anonymous:
        scored = _linked_sections(record, measures)
        if scored:
            links.append(
                {columns[(record.submission_id, TOTAL)]: 1.0}
                | {columns[(record.submission_id, measure)]: -1.0 for measure in scored}
            )
    candidates = sorted(
        (
            cell
            for cell in cells
            if cell not in result.primary and cell not in result.fixed and members.get(cell)
        ),
        key=_suppression_order(cells),
    )
    width = len(columns)
    base = np.zeros((len(fixed_rows) + len(links), width))
    for row, indexes in enumerate(fixed_rows):
        base[row, indexes] = 1.0
    for row, link in enumerate(links, start=len(fixed_rows)):
        for index, coefficient in link.items():
            base[row, index] = coefficient
    by_index = {index: key for key, index in columns.items()}
    insiders = [
        [columns[key] for key in columns if key[0] == record.submission_id] for record in anonymous
    ]
    while True:
        published = [cell for cell in candidates if cell not in result.secondary]
        matrix = np.zeros((len(published), width))
        for row, cell in enumerate(published):
            matrix[row, members[cell]] = 1.0
        full = np.vstack([base, matrix])
        exposure = exposures(full, insiders)
        if not exposure.indexes:
            result.determined = []
            return result
        # For each exposed combination, withhold the first (smallest) published cell among the
        # equations that make it: one cell a measure a round, and none for a combination that
        # a cell already chosen this round takes part in.
        rows = dict(enumerate(published, start=len(base)))
        chosen = {}
        for involved in _involved_rows(full, exposure.vectors[:TRACED_PER_ROUND]):
            cells_involved = [rows[row] for row in sorted(involved) if row in rows]
            if not cells_involved or set(cells_involved) & set(chosen.values()):
                continue
            cell = cells_involved[0]
            chosen.setdefault(cell.measure, cell)
        if not chosen:
            result.determined = sorted({by_index[index] for index in exposure.indexes}, key=str)
            return result
        result.secondary.update(chosen.values())


def _linked_sections(record, measures):
    """The sections an anonymous submission's total is the sum of (its scored ones), or none
    where it is not their sum: then the total links them, and the audit includes the link."""
    sections = [measure for measure in measures if measure != TOTAL]
    scored = [measure for measure in sections if record.scores.get(measure) is not None]
    if (
        record.total is not None
        and scored
        and record.total == sum(record.scores[measure] for measure in scored)
    ):
        return scored
    return []


def _suppression_order(cells):
    kinds = {TOP_QUARTER: 0, SECTOR: 1, PORTAL: 2}

    def key(cell):
        return (
            cells[cell].count,
            kinds[cell.group[0]],
            cell.measure == TOTAL,
            str(cell.measure),
            cell.group,
        )

    return key


def edition_section_ids(edition_id):
    return list(
        EditionSection.objects.filter(edition_id=edition_id)
        .order_by("section__number")
        .values_list("section_id", flat=True)
    )


def edition_records(edition_id):
    """An edition's shared submissions as Records, in two queries; the highest-scoring
    quarter is marked."""
    shared = Submission.objects.shared().filter(edition_id=edition_id)
    scores = defaultdict(dict)
    for submission_id, section_id, score in (
        SectionResult.objects.filter(submission_id__in=shared.values("pk"), score__isnull=False)
        .order_by()
        .values_list("submission_id", "section_id", "score")
    ):
        scores[submission_id][section_id] = score
    rows = list(
        shared.order_by("pk").values_list(
            "pk", "organisation_id", "sharing", "organisation__sector", "total_score"
        )
    )
    cutoff = top_quarter_cutoff(total for *_rest, total in rows)
    records = [
        Record(
            submission_id=pk,
            organisation_id=organisation_id,
            anonymous=sharing == Submission.Sharing.ANONYMOUS,
            sector=sector,
            total=total,
            scores=scores[pk],
            in_top_quarter=total is not None and total >= cutoff,
        )
        for pk, organisation_id, sharing, sector, total in rows
    ]
    return records


@dataclass(frozen=True)
class Decisions:
    """What the audit withholds, and why: all it works out beyond the cells' sums."""

    primary: frozenset
    secondary: frozenset
    fixed: frozenset
    determined: tuple

    @classmethod
    def of(cls, result):
        return cls(
            frozenset(result.primary),
            frozenset(result.secondary),
            frozenset(result.fixed),
            tuple(result.determined),
        )


def structure_key(records, measures):
    """What the audit's decisions depend on, as a cache key: the minimum, the measures, and for
    each submission in order its group memberships, which of its scores exist and whether its
    total is the sum of its sections. Never the scores themselves: the equations have only
    ones in them (and minus ones for a total's link), so a score saved in a section leaves
    what is withheld as it was, unless it makes or removes a score, moves a submission in or
    out of the highest-scoring quarter or makes a total the sum of its sections."""
    structure = (
        minimum_organisations(),
        tuple(str(measure) for measure in measures),
        tuple(
            (
                record.submission_id,
                record.anonymous,
                record.sector,
                record.in_top_quarter,
                record.total is not None,
                tuple(record.scores.get(measure) is not None for measure in measures),
                bool(record.anonymous and _linked_sections(record, measures)),
            )
            for record in records
        ),
    )
    return f"disclosure-audit:{digest(structure)}"


def edition_audit(edition_id, *, section_ids=None):
    """The audit of one edition as the pages publish it: (records, Audit).

    Its decisions are cached under the edition's structure (``structure_key``): a saved score
    costs adding up the cells again, not the singular value decompositions (a sixth of a
    second at national scale, measured)."""
    if section_ids is None:
        section_ids = edition_section_ids(edition_id)
    records = edition_records(edition_id)
    measures = [*section_ids, TOTAL]
    key = structure_key(records, measures)
    decisions = cache.get(key)
    if decisions is None:
        result = audit(records, measures)
        cache.set(key, Decisions.of(result), DECISIONS_CACHE_SECONDS)
        return records, result
    return records, Audit(
        cells=cell_figures(records, measures),
        primary=set(decisions.primary),
        secondary=set(decisions.secondary),
        fixed=set(decisions.fixed),
        determined=list(decisions.determined),
    )
