"""Profile: one organisation's section scores in one edition beside three averages (all
organisations that shared, the organisation's sector, and the top quarter by total)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Q, Sum
from django.http import Http404

from submissions.compare.access import may_open
from submissions.compare.statistics import (
    Average,
    average,
    gap,
    percentage,
    top_quarter_cutoff,
)
from submissions.compare.version import cached
from submissions.models import EditionSection, SectionResult, Submission

PORTAL = "portal"
SECTOR = "sector"
TOP_QUARTER = "top_quarter"
AVERAGE_KINDS = [PORTAL, SECTOR, TOP_QUARTER]
AVERAGE_NAMES = {
    PORTAL: "All organisations that shared",
    SECTOR: "Sector",
    TOP_QUARTER: "Top quarter by total",
}


@dataclass(frozen=True)
class Sums:
    """How many shared scores there are and what they add up to."""

    count: int = 0
    total: Decimal = Decimal(0)

    def __add__(self, other):
        return Sums(self.count + other.count, self.total + other.total)


@dataclass(frozen=True)
class SharedScores:
    """One section's (or the total's) shared scores in an edition, summed by sector and over
    the top quarter by total."""

    by_sector: dict = field(default_factory=dict)
    top_quarter: Sums = Sums()

    @property
    def portal(self):
        return sum(self.by_sector.values(), Sums())

    def sector(self, sector):
        return self.by_sector.get(sector, Sums())


@dataclass(frozen=True)
class ProfileSection:
    section_id: int
    number: int
    name: str
    is_cross_cutting: bool
    maximum: Decimal


@dataclass(frozen=True)
class EditionFigures:
    """What every profile of one edition shares: its sections with their maximums, and the
    shared submissions' scores summed by sector, for each section and for the total."""

    sections: list
    scores: dict  # section id: SharedScores
    totals: SharedScores
    shared_count: int
    top_quarter_count: int


def _edition_figures(edition_id):
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
    shared = Submission.objects.shared().filter(edition_id=edition_id)
    totals = list(
        shared.filter(total_score__isnull=False).values_list("total_score", "organisation__sector")
    )
    cutoff = top_quarter_cutoff(total for total, _sector in totals)
    total_by_sector = defaultdict(Sums)
    top_totals = Sums()
    for total, sector in totals:
        total_by_sector[sector] += Sums(1, total)
        if total >= cutoff:
            top_totals += Sums(1, total)
    in_top = (
        Q(submission__total_score__gte=cutoff)
        if cutoff is not None
        else Q(submission__total_score__lt=0)
    )
    by_sector = defaultdict(dict)
    top_quarter = defaultdict(Sums)
    for section_id, sector, count, total, top_count, top_total in (
        # Through a subquery of the edition's shared submissions, so the database reads only
        # their results by index rather than every result of every edition.
        SectionResult.objects.filter(submission_id__in=shared.values("pk"), score__isnull=False)
        .values("section_id", "submission__organisation__sector")
        .annotate(
            n=Count("score"),
            total=Sum("score"),
            top_n=Count("score", filter=in_top),
            top_total=Sum("score", filter=in_top),
        )
        .order_by()
        .values_list(
            "section_id", "submission__organisation__sector", "n", "total", "top_n", "top_total"
        )
    ):
        by_sector[section_id][sector] = Sums(count, total)
        top_quarter[section_id] += Sums(top_count, top_total or Decimal(0))
    return EditionFigures(
        sections=sections,
        scores={
            section_id: SharedScores(sectors, top_quarter[section_id])
            for section_id, sectors in by_sector.items()
        },
        totals=SharedScores(dict(total_by_sector), top_totals),
        shared_count=len(totals),
        top_quarter_count=top_totals.count,
    )


def edition_figures(*, edition_id, version):
    return cached(
        f"edition-figures:{edition_id}", lambda: _edition_figures(edition_id), version=version
    )


@dataclass(frozen=True)
class AgainstAverage:
    average: Average
    gap: Decimal | None  # percentage points above (positive) or below the average


@dataclass(frozen=True)
class ProfileRow:
    """A section (``section`` None for the total) beside the three averages."""

    section: ProfileSection | None
    maximum: Decimal
    score: Decimal | None
    percentage: Decimal | None
    averages: dict  # kind: Average
    gaps: dict  # kind: Decimal or None

    @property
    def against(self):
        return [AgainstAverage(self.averages[kind], self.gaps[kind]) for kind in AVERAGE_KINDS]


def _row(section, maximum, score, shared, sector):
    own_percentage = percentage(score, maximum)
    sums = {PORTAL: shared.portal, SECTOR: shared.sector(sector), TOP_QUARTER: shared.top_quarter}
    averages = {kind: average(sums[kind].total, sums[kind].count, maximum) for kind in sums}
    gaps = {kind: gap(own_percentage, averages[kind]) for kind in AVERAGE_KINDS}
    return ProfileRow(section, maximum, score, own_percentage, averages, gaps)


@dataclass
class Profile:
    """One submission beside the averages. The figures are worked out when first used, so a
    page whose rendering is cached does not read them."""

    submission: Submission
    other_years: list
    version: int

    @property
    def organisation(self):
        return self.submission.organisation

    @property
    def edition(self):
        return self.submission.edition

    @property
    def is_public(self):
        """Shared by name, so everyone who may open it sees the same figures."""
        return self.submission.sharing == Submission.Sharing.NAMED

    @property
    def total_percentage(self):
        return percentage(self.submission.total_score, self.edition.maximum_total)

    @property
    def sector_label(self):
        return self.organisation.get_sector_display()

    @cached_property
    def figures(self):
        return edition_figures(edition_id=self.edition.pk, version=self.version)

    @cached_property
    def rows(self):
        scores = dict(
            self.submission.results.filter(score__isnull=False)
            .order_by()
            .values_list("section_id", "score")
        )
        return [
            _row(
                section,
                section.maximum,
                scores.get(section.section_id),
                self.figures.scores.get(section.section_id, SharedScores()),
                self.organisation.sector,
            )
            for section in self.figures.sections
        ]

    @cached_property
    def total(self):
        return _row(
            None,
            self.edition.maximum_total,
            self.submission.total_score,
            self.figures.totals,
            self.organisation.sector,
        )

    @property
    def shared_count(self):
        return self.figures.shared_count

    @property
    def top_quarter_count(self):
        return self.figures.top_quarter_count

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


def profile_for(*, user, organisation_slug, year, version):
    """An organisation's section scores in one edition beside the three averages.

    Raises Http404 unless the person may open this submission's profile. A fixed number of
    queries, however many organisations have shared.
    """
    # Every edition of the organisation the person may see, in one query: the profile's own
    # and the links to the others.
    visible = {
        submission.edition.year: submission
        for submission in Submission.objects.filter(organisation__slug=organisation_slug)
        .select_related("organisation", "edition__criteria_round")
        .order_by()
        if may_open(user, submission)
    }
    submission = visible.get(year)
    if submission is None:
        raise Http404("No such submission")
    other_years = sorted((other for other in visible if other != year), reverse=True)
    return Profile(submission=submission, other_years=other_years, version=version)
