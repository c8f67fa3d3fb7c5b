"""What a comparison may show. Every comparison page, chart and CSV reads through here.

The sharing rules (DOMAIN.md, "Data rules"):

- **Averages, spreads and "top quarter"** are computed over *shared* submissions only
  (sharing "anonymous" or "named") of one edition, whatever their status. A private submission
  never enters anyone's averages, not even its own organisation's view of them.
- **An average** is the mean of the scores (rounded half up to 2 decimal places) over the
  organisations with a score; its percentage is that rounded mean as a percentage of the
  maximum. An average over fewer organisations than ``MINIMUM_ORGANISATIONS_FOR_AVERAGE``
  (a setting, default 3) is withheld: pages say "not enough organisations have shared".
- **Top quarter by total**: the shared submissions whose total is at least the ``ceil(n / 4)``-th
  highest of the ``n`` shared totals (ties at the boundary are all included). The same rule,
  applied to one section's scores, decides "who did this well".
- **Profiles** (one organisation in one edition): its own members and the project team may open
  any of the organisation's submissions; anyone else only one shared by name. Otherwise 404.
  A trend shows the same editions.
- **Section views** list every shared submission, ranked by score. Those shared by name are
  named; anonymous ones are labelled "Organisation A", "B", ... in rank order on that page, so a
  label means nothing on another page. The viewer's own organisations appear under their own
  name, marked private when they are. Names of anonymous organisations are not even fetched
  from the database.
"""

import math
import string
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from networks.models import Organisation
from submissions.models import Edition, EditionSection, SectionResult, Submission

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
NOT_ENOUGH = "not enough organisations have shared"

PORTAL = "portal"
SECTOR = "sector"
TOP_QUARTER = "top_quarter"
AVERAGE_KINDS = [PORTAL, SECTOR, TOP_QUARTER]


def round_2dp(value):
    """Round a Decimal half up to 2 decimal places (None stays None)."""
    if value is None:
        return None
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def percentage(score, maximum):
    """A score as a percentage of its maximum, to 2 decimal places."""
    if score is None or not maximum:
        return None
    return round_2dp(Decimal(score) * HUNDRED / Decimal(maximum))


def minimum_organisations():
    return settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE


def top_quarter_cutoff(values):
    """The lowest value still in the top quarter: the ceil(n / 4)-th highest, or None."""
    ordered = sorted((value for value in values if value is not None), reverse=True)
    if not ordered:
        return None
    return ordered[math.ceil(len(ordered) / 4) - 1]


def quantile(ordered, fraction):
    """The inclusive quantile of sorted Decimals (linear interpolation, as Excel QUARTILE.INC)."""
    position = (len(ordered) - 1) * Decimal(fraction)
    lower = int(position)
    if lower + 1 >= len(ordered):
        return ordered[lower]
    return ordered[lower] + (ordered[lower + 1] - ordered[lower]) * (position - lower)


def anonymous_label(index):
    """ "A", "B", ... "Z", "AA", "AB", ... for the index-th anonymous organisation on a page."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return f"Organisation {letters}"


@dataclass(frozen=True)
class Average:
    """A mean over ``count`` organisations; ``mean`` is None when too few have shared."""

    count: int
    mean: Decimal | None = None
    percentage: Decimal | None = None

    @property
    def shown(self):
        return self.mean is not None


def make_average(total, count, maximum):
    if count < minimum_organisations() or not count:
        return Average(count)
    mean = round_2dp(Decimal(total) / count)
    return Average(count, mean, percentage(mean, maximum))


def _gap(own_percentage, average):
    if own_percentage is None or not average.shown:
        return None
    return own_percentage - average.percentage


def _viewer_organisation_ids(user):
    return set() if user.is_project_team else set(user.organisation_ids())


def _visible_submissions(user):
    """Submissions whose profile the person may open (see the module docstring)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    if user.is_project_team:
        return Submission.objects.all()
    return Submission.objects.filter(
        Q(organisation_id__in=user.organisation_ids()) | Q(sharing=Submission.Sharing.NAMED)
    )


# Profile: one organisation in one edition beside the averages.


@dataclass
class ProfileRow:
    section: object
    maximum: Decimal
    score: Decimal | None
    percentage: Decimal | None
    averages: dict
    gaps: dict

    @property
    def average_list(self):
        return [(self.averages[kind], self.gaps[kind]) for kind in AVERAGE_KINDS]


@dataclass
class Profile:
    submission: Submission
    rows: list
    total: ProfileRow
    shared_count: int
    top_quarter_count: int
    sector_label: str
    other_years: list = field(default_factory=list)

    @property
    def organisation(self):
        return self.submission.organisation

    @property
    def edition(self):
        return self.submission.edition

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


def profile_for(*, user, organisation_slug, year):
    """An organisation's section scores in one edition beside the three averages.

    Raises Http404 unless the person may open this submission's profile. A fixed number of
    queries, however many organisations have shared.
    """
    # Every edition of the organisation the person may see, in one query: the profile's
    # own and the links to the others.
    visible = {
        item.edition.year: item
        for item in _visible_submissions(user)
        .filter(organisation__slug=organisation_slug)
        .select_related("organisation", "edition__criteria_round")
    }
    submission = visible.get(year)
    if submission is None:
        raise Http404("No such submission")
    edition = submission.edition
    organisation = submission.organisation
    maxima = list(
        EditionSection.objects.filter(edition=edition)
        .select_related("section")
        .order_by("section__number")
    )
    own_scores = dict(
        submission.results.filter(score__isnull=False).values_list("section_id", "score")
    )
    shared = Submission.objects.shared().filter(edition=edition)
    totals = list(
        shared.filter(total_score__isnull=False).values_list("total_score", "organisation__sector")
    )
    cutoff = top_quarter_cutoff(total for total, _sector in totals)
    in_sector = Q(submission__organisation__sector=organisation.sector)
    in_top = (
        Q(submission__total_score__gte=cutoff)
        if cutoff is not None
        else Q(submission__total_score__lt=0)
    )
    aggregates = {
        row["section_id"]: row
        # Through a subquery of the edition's shared submissions, so the database reads only
        # their results by index rather than every result of every edition.
        for row in SectionResult.objects.filter(
            submission_id__in=shared.values("pk"), score__isnull=False
        )
        .values("section_id")
        .annotate(
            portal_n=Count("score"),
            portal_sum=Sum("score"),
            sector_n=Count("score", filter=in_sector),
            sector_sum=Sum("score", filter=in_sector),
            top_quarter_n=Count("score", filter=in_top),
            top_quarter_sum=Sum("score", filter=in_top),
        )
        .order_by()
    }

    def build_row(section, maximum, score, sums):
        own_percentage = percentage(score, maximum)
        averages = {
            kind: make_average(sums.get(f"{kind}_sum") or 0, sums.get(f"{kind}_n") or 0, maximum)
            for kind in AVERAGE_KINDS
        }
        gaps = {kind: _gap(own_percentage, averages[kind]) for kind in AVERAGE_KINDS}
        return ProfileRow(section, maximum, score, own_percentage, averages, gaps)

    rows = [
        build_row(
            item.section,
            item.maximum,
            own_scores.get(item.section_id),
            aggregates.get(item.section_id, {}),
        )
        for item in maxima
    ]
    top_totals = [total for total, _sector in totals if cutoff is not None and total >= cutoff]
    sector_totals = [total for total, sector in totals if sector == organisation.sector]
    total_sums = {
        "portal_sum": sum((total for total, _sector in totals), Decimal(0)),
        "portal_n": len(totals),
        "sector_sum": sum(sector_totals, Decimal(0)),
        "sector_n": len(sector_totals),
        "top_quarter_sum": sum(top_totals, Decimal(0)),
        "top_quarter_n": len(top_totals),
    }
    total_row = build_row(None, edition.maximum_total, submission.total_score, total_sums)
    other_years = sorted((other for other in visible if other != year), reverse=True)
    return Profile(
        submission=submission,
        rows=rows,
        total=total_row,
        shared_count=len(totals),
        top_quarter_count=len(top_totals),
        sector_label=organisation.get_sector_display(),
        other_years=other_years,
    )


# One section across organisations.


@dataclass(frozen=True)
class SectionEntry:
    """One row of a section view. ``organisation_slug`` is empty unless it may be named."""

    position: int
    label: str
    score: Decimal
    percentage: Decimal
    sharing: str
    is_own: bool
    organisation_slug: str = ""

    @property
    def is_private(self):
        return self.sharing == Submission.Sharing.PRIVATE

    @property
    def is_named(self):
        return bool(self.organisation_slug)


@dataclass
class SectionComparison:
    edition_section: EditionSection
    entries: list
    average: Average
    median: Decimal | None
    lower_quartile: Decimal | None
    upper_quartile: Decimal | None
    shared_count: int

    @property
    def section(self):
        return self.edition_section.section

    @property
    def edition(self):
        return self.edition_section.edition

    @property
    def maximum(self):
        return self.edition_section.maximum

    @property
    def spread_percentages(self):
        return [
            percentage(value, self.maximum)
            for value in (self.lower_quartile, self.median, self.upper_quartile)
        ]


def _edition_section(year, number):
    return get_object_or_404(
        EditionSection.objects.select_related("section", "edition__criteria_round"),
        edition__year=year,
        section__number=number,
    )


def _section_rows(user, edition_section, *, include_own):
    """Scores in one section, best first, with names only where the rules allow them."""
    own_ids = _viewer_organisation_ids(user) if include_own else set()
    named_or_own = Q(submission__sharing=Submission.Sharing.NAMED) | Q(
        submission__organisation_id__in=own_ids
    )
    visible = ~Q(submission__sharing=Submission.Sharing.PRIVATE)
    if own_ids:
        visible |= Q(submission__organisation_id__in=own_ids)
    return list(
        SectionResult.objects.filter(
            visible,
            submission__edition_id=edition_section.edition_id,
            section_id=edition_section.section_id,
            score__isnull=False,
        )
        .annotate(
            shown_name=Case(
                When(named_or_own, then=F("submission__organisation__name")),
                default=Value(""),
                output_field=CharField(),
            ),
            shown_slug=Case(
                When(named_or_own, then=F("submission__organisation__slug")),
                default=Value(""),
                output_field=CharField(),
            ),
            own=Case(
                When(submission__organisation_id__in=own_ids, then=Value("y")),
                default=Value(""),
                output_field=CharField(),
            ),
        )
        .order_by("-score", "submission_id")
        .values_list("score", "submission__sharing", "shown_name", "shown_slug", "own")
    )


def section_comparison(*, user, year, number):
    """Every shared organisation's score in one section of one edition, ranked, with spread."""
    edition_section = _edition_section(year, number)
    rows = _section_rows(user, edition_section, include_own=True)
    maximum = edition_section.maximum
    entries = []
    anonymous_count = 0
    position = 0
    previous = None
    for index, (score, sharing, name, slug, own) in enumerate(rows, start=1):
        if score != previous:
            position = index
            previous = score
        if own:
            label = f"{name} (your organisation)"
        elif sharing == Submission.Sharing.NAMED:
            label = name
        else:
            label = anonymous_label(anonymous_count)
            anonymous_count += 1
        entries.append(
            SectionEntry(
                position=position,
                label=label,
                score=score,
                percentage=percentage(score, maximum),
                sharing=sharing,
                is_own=bool(own),
                organisation_slug=slug if (own or sharing == Submission.Sharing.NAMED) else "",
            )
        )
    shared_scores = sorted(
        score for score, sharing, *_rest in rows if sharing != Submission.Sharing.PRIVATE
    )
    average = make_average(sum(shared_scores, Decimal(0)), len(shared_scores), maximum)
    spread = [None, None, None]
    if average.shown:
        spread = [round_2dp(quantile(shared_scores, f)) for f in ("0.25", "0.5", "0.75")]
    return SectionComparison(
        edition_section=edition_section,
        entries=entries,
        average=average,
        lower_quartile=spread[0],
        median=spread[1],
        upper_quartile=spread[2],
        shared_count=len(shared_scores),
    )


# Who did this well.


@dataclass
class SectionLeaders:
    edition_section: EditionSection
    organisations: list
    shared_count: int
    cutoff: Decimal | None

    @property
    def section(self):
        return self.edition_section.section

    @property
    def edition(self):
        return self.edition_section.edition


def section_leaders(*, user, year, number):
    """Organisations shared by name whose score in the section is in the top quarter.

    The top quarter is taken over every shared score (named and anonymous); only the named
    ones are listed, each with its networks (prefetched) and ``score`` set.
    """
    edition_section = _edition_section(year, number)
    rows = _section_rows(user, edition_section, include_own=False)
    cutoff = top_quarter_cutoff(score for score, *_rest in rows)
    named = {
        slug: score
        for score, sharing, _name, slug, _own in rows
        if sharing == Submission.Sharing.NAMED and score >= cutoff
    }
    organisations = list(
        Organisation.objects.filter(slug__in=named).prefetch_related("networks").order_by("name")
    )
    for organisation in organisations:
        organisation.score = named[organisation.slug]
        organisation.percentage = percentage(organisation.score, edition_section.maximum)
    organisations.sort(key=lambda organisation: (-organisation.score, organisation.name))
    return SectionLeaders(edition_section, organisations, len(rows), cutoff)


# Trend: one organisation across editions.


@dataclass
class TrendPoint:
    edition: Edition
    submission: Submission
    total_percentage: Decimal | None
    new_round: bool
    # section key -> percentage, None for no score; keys absent from the round are gaps.
    sections: dict


@dataclass
class TrendSection:
    key: str
    name: str
    cells: list  # (state, percentage) per point: "score", "missing" or "not_in_round"


@dataclass
class Trend:
    organisation: Organisation
    points: list
    sections: list

    @property
    def rounds(self):
        return [point for point in self.points if point.new_round]


def _section_key(section):
    return " ".join(section.name.lower().split())


def organisation_trend(*, user, organisation_slug):
    """An organisation's total and section percentages across the editions the person may see.

    Sections are matched across rounds by name; a section absent from an edition's round is a
    gap, and the first edition of each new round is marked. Raises Http404 when the person may
    see none of another organisation's editions.
    """
    organisation = get_object_or_404(Organisation.objects.visible_to(user), slug=organisation_slug)
    is_own = user.is_project_team or user.belongs_to(organisation)
    submissions = list(
        _visible_submissions(user)
        .filter(organisation=organisation)
        .select_related("edition__criteria_round")
        .order_by("edition__year")
    )
    if not submissions and not is_own:
        raise Http404("No shared editions")
    edition_ids = [submission.edition_id for submission in submissions]
    maxima = defaultdict(dict)
    names = {}
    for item in (
        EditionSection.objects.filter(edition_id__in=edition_ids)
        .select_related("section")
        .order_by("edition__year", "section__number")
    ):
        key = _section_key(item.section)
        names.setdefault(key, item.section.name)
        maxima[item.edition_id][item.section_id] = (key, item.maximum)
    scores = defaultdict(dict)
    for submission_id, section_id, score in SectionResult.objects.filter(
        submission__in=submissions, score__isnull=False
    ).values_list("submission_id", "section_id", "score"):
        scores[submission_id][section_id] = score
    points = []
    previous_round = None
    for submission in submissions:
        edition = submission.edition
        sections = {
            key: percentage(scores[submission.pk].get(section_id), maximum)
            for section_id, (key, maximum) in maxima[edition.pk].items()
        }
        points.append(
            TrendPoint(
                edition=edition,
                submission=submission,
                total_percentage=percentage(submission.total_score, edition.maximum_total),
                new_round=previous_round is not None
                and edition.criteria_round_id != previous_round,
                sections=sections,
            )
        )
        previous_round = edition.criteria_round_id
    trend_sections = []
    for key, name in names.items():
        cells = []
        for point in points:
            if key not in point.sections:
                cells.append(("not_in_round", None))
            elif point.sections[key] is None:
                cells.append(("missing", None))
            else:
                cells.append(("score", point.sections[key]))
        trend_sections.append(TrendSection(key, name, cells))
    return Trend(organisation, points, trend_sections)


# The comparisons index.


def compare_index(*, user):
    """The person's own organisations' submissions, and {(year, round name): [(number, name)]}
    for every edition with section maximums."""
    own = (
        Submission.objects.all()
        if user.is_project_team
        else Submission.objects.filter(organisation_id__in=user.organisation_ids())
    )
    own_submissions = []
    if not user.is_project_team:
        own_submissions = list(
            own.select_related("organisation", "edition").order_by(
                "organisation__name", "-edition__year"
            )
        )
    editions = {}
    for year, round_name, number, name in EditionSection.objects.order_by(
        "-edition__year", "section__number"
    ).values_list(
        "edition__year", "edition__criteria_round__name", "section__number", "section__name"
    ):
        editions.setdefault((year, round_name), []).append((number, name))
    return own_submissions, editions


def trend_organisations(*, user):
    """(slug, name) of the organisations whose trend the person may open: their own and those
    with an edition shared by name, or every organisation for the project team."""
    organisations = Organisation.objects.order_by("name")
    if not user.is_project_team:
        named = Submission.objects.filter(sharing=Submission.Sharing.NAMED)
        organisations = organisations.filter(
            Q(pk__in=user.organisation_ids()) | Q(pk__in=named.values("organisation_id"))
        )
    return list(organisations.values_list("slug", "name"))
