"""Profile: one organisation's section scores in one edition beside three averages (all
organisations that shared, the organisation's sector, and the highest-scoring quarter on this
portal), each shown only where the disclosure audit allows (``disclosure``)."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.http import Http404

from submissions.compare.access import may_open
from submissions.compare.disclosure import (
    PORTAL,
    SECTOR,
    TOP_QUARTER,
    TOTAL,
    Cell,
    count_allowed,
    edition_audit,
)
from submissions.compare.statistics import (
    WITHHELD,
    Average,
    average,
    gap,
    minimum_organisations,
    percentage,
)
from submissions.compare.version import cached, digest
from submissions.models import EditionSection, Submission

AVERAGE_KINDS = [PORTAL, SECTOR, TOP_QUARTER]
TOP_QUARTER_NAME = "Highest-scoring quarter on this portal"
CSV_NAMES = {PORTAL: "portal", SECTOR: "sector", TOP_QUARTER: "highest_quarter_on_portal"}
AVERAGE_NAMES = {
    PORTAL: "All organisations that shared",
    SECTOR: "Sector",
    TOP_QUARTER: TOP_QUARTER_NAME,
}


@dataclass(frozen=True)
class ProfileSection:
    section_id: int
    number: int
    name: str
    is_cross_cutting: bool
    maximum: Decimal


@dataclass(frozen=True)
class GroupCount:
    """How many submissions are in a group, or None where that may not be said."""

    count: int | None


@dataclass(frozen=True)
class EditionFigures:
    """What every profile of one edition shares: its sections with their maximums, and every
    average the disclosure audit lets it show ({Cell: Average}); counts of the groups behind
    the total's averages where they may be said."""

    sections: list
    averages: dict
    total_count: GroupCount  # shared submissions with a total
    top_quarter_count: GroupCount
    without_total_count: GroupCount  # shared submissions without a total

    def average(self, measure, group):
        return self.averages.get(Cell(measure, group), WITHHELD)


def _said(records, shown=True):
    """The number of ``records``, unless it stands behind a withheld figure or a group with a
    few anonymous members."""
    anonymous = sum(record.anonymous for record in records)
    return GroupCount(len(records) if shown and count_allowed(anonymous) else None)


def _edition_figures(edition_id, maximum_total):
    sections = [
        ProfileSection(
            section_id=item.section_id,
            number=item.section.number,
            name=item.section.name,
            is_cross_cutting=item.section.is_cross_cutting,
            maximum=item.maximum,
        )
        for item in EditionSection.objects.filter(edition_id=edition_id)
        .select_related("section")
        .order_by("section__number")
    ]
    records, result = edition_audit(
        edition_id, section_ids=[section.section_id for section in sections]
    )
    maxima = {section.section_id: section.maximum for section in sections}
    maxima[TOTAL] = maximum_total
    averages = {
        cell: average(figures.total, figures.count, maxima.get(cell.measure))
        for cell, figures in result.cells.items()
        if result.shown(cell)
    }
    with_total = [record for record in records if record.total is not None]
    return EditionFigures(
        sections=sections,
        averages=averages,
        total_count=_said(with_total, result.shown(Cell(TOTAL, (PORTAL,)))),
        top_quarter_count=_said(
            [record for record in with_total if record.in_top_quarter],
            result.shown(Cell(TOTAL, (TOP_QUARTER,))),
        ),
        without_total_count=_said([record for record in records if record.total is None]),
    )


def edition_figures(*, edition, version):
    return cached(
        f"edition-figures:{edition.pk}",
        lambda: _edition_figures(edition.pk, edition.maximum_total),
        version=version,
    )


@dataclass(frozen=True)
class AgainstAverage:
    average: Average
    gap: Decimal | None  # percentage points above (positive) or below the average


@dataclass(frozen=True)
class ProfileRow:
    """A section (``section`` None for the total) beside the three averages, and Stonewall's
    own Top 100 average from the feedback report where it was entered."""

    section: ProfileSection | None
    maximum: Decimal
    score: Decimal | None
    percentage: Decimal | None
    averages: dict  # kind: Average
    gaps: dict  # kind: Decimal or None
    top_100_average: Decimal | None = None

    @cached_property
    def key(self):
        """A digest of what the row shows (its figures as rounded for display), to cache its
        rendering under: a saved score leaves every other section's row as it was, and this
        one too unless a figure shown moves."""
        return digest(
            self.section,
            self.maximum,
            self.score,
            self.percentage,
            [
                (
                    self.averages[kind].count,
                    self.averages[kind].mean,
                    self.averages[kind].percentage,
                )
                for kind in AVERAGE_KINDS
            ],
            [self.gaps[kind] for kind in AVERAGE_KINDS],
            self.top_100_average,
        )

    @property
    def against(self):
        return [AgainstAverage(self.averages[kind], self.gaps[kind]) for kind in AVERAGE_KINDS]

    @property
    def top_100_percentage(self):
        return percentage(self.top_100_average, self.maximum)


def _row(section, maximum, score, averages, top_100_average=None):
    gaps = {kind: gap(score, maximum, averages[kind]) for kind in AVERAGE_KINDS}
    return ProfileRow(
        section, maximum, score, percentage(score, maximum), averages, gaps, top_100_average
    )


class EditionSubmission(NamedTuple):
    """What the access check needs of an organisation's submission in one edition."""

    pk: int
    organisation_id: int
    sharing: str
    edition_id: int


@dataclass(frozen=True)
class OrganisationEditions:
    """An organisation's name and its submission in each edition ({year: EditionSubmission}):
    what a profile checks and links before it reads any figure."""

    name: str
    slug: str
    submissions: dict


def _organisation_editions(slug):
    rows = list(
        Submission.objects.filter(organisation__slug=slug)
        .order_by()
        .values_list(
            "edition__year", "pk", "organisation_id", "sharing", "edition_id", "organisation__name"
        )
    )
    if not rows:
        return None
    return OrganisationEditions(
        name=rows[0][-1],
        slug=slug,
        submissions={year: EditionSubmission(*row) for year, *row, _name in rows},
    )


@dataclass
class Profile:
    """One submission beside the averages. The submission and the figures are read when
    first used, so a page whose rendering is cached reads neither."""

    editions: OrganisationEditions
    year: int
    other_years: list
    version: int

    @property
    def name(self):
        return self.editions.name

    @property
    def slug(self):
        return self.editions.slug

    @property
    def edition_submission(self):
        return self.editions.submissions[self.year]

    @cached_property
    def submission(self):
        return Submission.objects.select_related("organisation", "edition__criteria_round").get(
            pk=self.edition_submission.pk
        )

    @property
    def organisation(self):
        return self.submission.organisation

    @property
    def edition(self):
        return self.submission.edition

    @property
    def total_percentage(self):
        return percentage(self.submission.total_score, self.edition.maximum_total)

    @property
    def sector_label(self):
        return self.organisation.get_sector_display()

    @cached_property
    def figures(self):
        return edition_figures(edition=self.edition, version=self.version)

    def _averages(self, measure):
        groups = {
            PORTAL: (PORTAL,),
            SECTOR: (SECTOR, self.organisation.sector),
            TOP_QUARTER: (TOP_QUARTER,),
        }
        return {kind: self.figures.average(measure, groups[kind]) for kind in AVERAGE_KINDS}

    @cached_property
    def rows(self):
        results = {
            section_id: (score, top_100)
            for section_id, score, top_100 in self.submission.results.order_by().values_list(
                "section_id", "score", "top_100_average"
            )
        }
        rows = []
        for section in self.figures.sections:
            score, top_100 = results.get(section.section_id, (None, None))
            rows.append(
                _row(section, section.maximum, score, self._averages(section.section_id), top_100)
            )
        return rows

    @cached_property
    def total(self):
        return _row(
            None, self.edition.maximum_total, self.submission.total_score, self._averages(TOTAL)
        )

    @property
    def total_count(self):
        """Shared submissions with a total (None where that may not be said)."""
        return self.figures.total_count.count

    @property
    def top_quarter_count(self):
        return self.figures.top_quarter_count.count

    @property
    def without_total_count(self):
        return self.figures.without_total_count.count

    @cached_property
    def key(self):
        """A digest of everything the profile's summary and figures show, to cache their
        rendering under: every field of the submission, its organisation, edition and
        criteria round, and each row as shown. A score saved elsewhere in the edition moves
        its version, but where no figure shown here moves, the rendering is read again
        rather than drawn."""
        records = (self.submission, self.organisation, self.edition, self.edition.criteria_round)
        return digest(
            [_field_values(record) for record in records],
            [row.key for row in self.rows],
            self.total.key,
            self.figures.total_count,
            self.figures.top_quarter_count,
            self.figures.without_total_count,
            minimum_organisations(),
        )

    @property
    def has_top_100_averages(self):
        return any(row.top_100_average is not None for row in self.rows)

    @property
    def scored_rows(self):
        return sorted(
            (row for row in self.rows if row.percentage is not None),
            key=lambda row: (-row.percentage, row.section.number),
        )

    @property
    def strongest(self):
        return self.scored_rows[:3]

    @property
    def weakest(self):
        scored = self.scored_rows
        return list(reversed(scored[-3:])) if len(scored) > 3 else list(reversed(scored))


def _field_values(record):
    return tuple(getattr(record, field.attname) for field in record._meta.concrete_fields)


def profile_for(*, user, organisation_slug, year, version, lists_version):
    """An organisation's section scores in one edition beside the three averages.

    Raises Http404 unless the person may open this submission's profile. Which editions the
    organisation has and how each is shared are cached under ``lists_version`` (moved by a
    change to who shares what, not by a score); the figures under ``version``, the edition's.
    """
    editions = cached(
        f"organisation-editions:{organisation_slug}",
        lambda: _organisation_editions(organisation_slug),
        version=lists_version,
    )
    # Every edition of the organisation the person may see: the profile's own and the links
    # to the others.
    visible = (
        set()
        if editions is None
        else {
            edition_year
            for edition_year, submission in editions.submissions.items()
            if may_open(user, submission)
        }
    )
    if year not in visible:
        raise Http404("No such submission")
    other_years = sorted((other for other in visible if other != year), reverse=True)
    return Profile(editions=editions, year=year, other_years=other_years, version=version)
