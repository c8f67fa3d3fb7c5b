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

Figures that are the same for every viewer (an edition's shared totals and section sums, the
shared rows of a section, who did well) are cached per process under a key holding
``data_version()``, read from the database on every request, so every worker sees a saved
submission or section result at once. Changes that leave no history (section maximums,
organisation names and sectors, network contacts, edited in the admin) show within
``CACHE_SECONDS``. What depends on the viewer (their own organisations, private submissions,
who may open what) is never cached.
"""

import math
import string
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
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


CACHE_SECONDS = 60


def data_version():
    """A token that changes whenever a submission or section result is saved or deleted.

    django-simple-history writes a row for every ORM save and delete of both models, sharing
    changes included; nothing in the portal changes them with ``QuerySet.update()``. The
    latest history time sits beside the latest id, as ids can be reused after a rollback.
    """
    submissions, results = (
        connection.ops.quote_name(model.history.model._meta.db_table)
        for model in (Submission, SectionResult)
    )
    query = (
        f"SELECT (SELECT MAX(history_id) FROM {submissions}), "  # noqa: S608 (model tables)
        f"(SELECT MAX(history_date) FROM {submissions}), "
        f"(SELECT MAX(history_id) FROM {results}), (SELECT MAX(history_date) FROM {results})"
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return "/".join(str(value) for value in cursor.fetchone()).replace(" ", "_")


def cache_key(name, version):
    return f"compare:{version}:{name}"


def cached(name, build, *, version=None):
    """``build()``'s result, shared by every viewer while the data version stays the same."""
    key = cache_key(name, data_version() if version is None else version)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


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
    return (
        set() if user.has_perm("networks.view_all_organisations") else set(user.organisation_ids())
    )


def _visible_submissions(user):
    """Submissions whose profile the person may open (see the module docstring)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    if user.has_perm("networks.view_all_organisations"):
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


def _edition_figures(edition_id):
    """An edition's section maximums and its shared submissions' totals and section sums by
    sector, with the top quarter's: the same for every viewer."""
    maxima = list(
        EditionSection.objects.filter(edition_id=edition_id)
        .select_related("section")
        .order_by("section__number")
    )
    shared = Submission.objects.shared().filter(edition_id=edition_id)
    totals = list(
        shared.filter(total_score__isnull=False).values_list("total_score", "organisation__sector")
    )
    cutoff = top_quarter_cutoff(total for total, _sector in totals)
    in_top = (
        Q(submission__total_score__gte=cutoff)
        if cutoff is not None
        else Q(submission__total_score__lt=0)
    )
    sections = defaultdict(dict)
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
        sections[section_id][sector] = (count, total, top_count, top_total or 0)
    return {"maxima": maxima, "totals": totals, "cutoff": cutoff, "sections": dict(sections)}


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
        .order_by()
    }
    submission = visible.get(year)
    if submission is None:
        raise Http404("No such submission")
    edition = submission.edition
    organisation = submission.organisation
    figures = cached(f"edition-figures:{edition.pk}", lambda: _edition_figures(edition.pk))
    own_scores = dict(
        submission.results.filter(score__isnull=False)
        .order_by()
        .values_list("section_id", "score")
    )
    totals = figures["totals"]
    cutoff = figures["cutoff"]
    aggregates = {}
    for section_id, by_sector in figures["sections"].items():
        sums = dict.fromkeys(
            [f"{kind}_{part}" for kind in AVERAGE_KINDS for part in ["n", "sum"]], 0
        )
        for sector, (count, total, top_count, top_total) in by_sector.items():
            sums["portal_n"] += count
            sums["portal_sum"] += total
            sums["top_quarter_n"] += top_count
            sums["top_quarter_sum"] += top_total
            if sector == organisation.sector:
                sums["sector_n"], sums["sector_sum"] = count, total
        aggregates[section_id] = sums

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
        for item in figures["maxima"]
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
    version: str = ""
    # Indexes of the entries that differ from the shared comparison of the same version (the
    # viewer's own organisations shared by name); None when they differ throughout.
    own_rows: tuple | None = ()

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


def _edition_section(year, number, version):
    def build():
        found = (
            EditionSection.objects.select_related("section", "edition__criteria_round")
            .filter(edition__year=year, section__number=number)
            .first()
        )
        return (found,)

    (edition_section,) = cached(f"edition-section:{year}:{number}", build, version=version)
    if edition_section is None:
        raise Http404("No such section")
    return edition_section


def _shared_section_rows(edition_section):
    """Shared scores in one section, best first, as (score, sharing, name, slug, organisation
    id, submission id); name and slug are empty unless shared by name. The same for every
    viewer."""
    named = Q(submission__sharing=Submission.Sharing.NAMED)
    return list(
        SectionResult.objects.filter(
            ~Q(submission__sharing=Submission.Sharing.PRIVATE),
            submission__edition_id=edition_section.edition_id,
            section_id=edition_section.section_id,
            score__isnull=False,
        )
        .annotate(
            shown_name=Case(
                When(named, then=F("submission__organisation__name")),
                default=Value(""),
                output_field=CharField(),
            ),
            shown_slug=Case(
                When(named, then=F("submission__organisation__slug")),
                default=Value(""),
                output_field=CharField(),
            ),
        )
        .order_by("-score", "submission_id")
        .values_list(
            "score",
            "submission__sharing",
            "shown_name",
            "shown_slug",
            "submission__organisation_id",
            "submission_id",
        )
    )


def _cached_section_rows(edition_section, version):
    return cached(
        f"section-rows:{edition_section.pk}",
        lambda: _shared_section_rows(edition_section),
        version=version,
    )


def _own_section_rows(own_ids, edition_section):
    """The viewer's own organisations' scores in the section, private ones too, in the shape
    of ``_shared_section_rows``; read for each request, never cached."""
    return list(
        SectionResult.objects.filter(
            submission__organisation_id__in=own_ids,
            submission__edition_id=edition_section.edition_id,
            section_id=edition_section.section_id,
            score__isnull=False,
        )
        .order_by()
        .values_list(
            "score",
            "submission__sharing",
            "submission__organisation__name",
            "submission__organisation__slug",
            "submission__organisation_id",
            "submission_id",
        )
    )


def _shared_comparison(edition_section, version):
    """The section as seen by someone with no organisation in it, the same for everyone, and
    {submission id: index of its entry}."""

    def build():
        rows = _cached_section_rows(edition_section, version)
        comparison = _comparison_from_rows(
            edition_section, [(*row[:4], "") for row in rows], version
        )
        return comparison, {row[5]: index for index, row in enumerate(rows)}

    return cached(f"section-comparison:{edition_section.pk}", build, version=version)


def shared_section_comparison(*, year, number, version):
    """``section_comparison`` for someone with no organisation in the section."""
    return _shared_comparison(_edition_section(year, number, version), version)[0]


def section_comparison(*, user, year, number):
    """Every shared organisation's score in one section of one edition, ranked, with spread.

    The viewer's own organisations are named, marked as theirs, and listed even when private.
    """
    version = data_version()
    edition_section = _edition_section(year, number, version)
    shared, indexes = _shared_comparison(edition_section, version)
    own_ids = _viewer_organisation_ids(user)
    own = _own_section_rows(own_ids, edition_section) if own_ids else []
    if not own:
        return shared
    if all(row[1] == Submission.Sharing.NAMED and row[5] in indexes for row in own):
        # Shared by name, so only their labels differ from the shared comparison.
        entries = list(shared.entries)
        for _score, _sharing, name, _slug, _organisation, submission_id in own:
            index = indexes[submission_id]
            entries[index] = replace(
                entries[index], label=f"{name} (your organisation)", is_own=True
            )
        own_rows = tuple(sorted(indexes[row[5]] for row in own))
        return replace(shared, entries=entries, own_rows=own_rows)
    rows = [
        (*row[:4], "", row[5])
        for row in _cached_section_rows(edition_section, version)
        if row[4] not in own_ids
    ]
    rows += [(*row[:4], "y", row[5]) for row in own]
    rows.sort(key=lambda row: (-row[0], row[5]))
    comparison = _comparison_from_rows(edition_section, [row[:5] for row in rows], version)
    return replace(comparison, own_rows=None)


def _comparison_from_rows(edition_section, rows, version):
    """Entries, average and spread from (score, sharing, name, slug, own) rows, best first."""
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
        version=version,
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


def section_leaders(*, year, number, version=None):
    """Organisations shared by name whose score in the section is in the top quarter.

    The top quarter is taken over every shared score (named and anonymous); only the named
    ones are listed, each with its networks (prefetched) and ``score`` set. The same for every
    viewer.
    """
    version = data_version() if version is None else version
    edition_section = _edition_section(year, number, version)
    rows = _cached_section_rows(edition_section, version)
    cutoff = top_quarter_cutoff(score for score, *_rest in rows)
    named = {
        slug: score
        for score, sharing, _name, slug, *_ids in rows
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


def _section_key(name):
    return " ".join(name.lower().split())


def _edition_maxima():
    """{edition id: [(section id, key matching it across rounds, name, maximum)]}."""
    maxima = defaultdict(list)
    for edition_id, section_id, name, maximum in EditionSection.objects.order_by(
        "edition_id", "section__number"
    ).values_list("edition_id", "section_id", "section__name", "maximum"):
        maxima[edition_id].append((section_id, _section_key(name), name, maximum))
    return dict(maxima)


def organisation_trend(*, user, organisation_slug):
    """An organisation's total and section percentages across the editions the person may see.

    Sections are matched across rounds by name; a section absent from an edition's round is a
    gap, and the first edition of each new round is marked. Raises Http404 when the person may
    see none of another organisation's editions.
    """
    organisation = get_object_or_404(Organisation.objects.visible_to(user), slug=organisation_slug)
    is_own = (
        user.has_perm("networks.view_all_organisations")
        or organisation.pk in user.organisation_ids()
    )
    submissions = list(
        _visible_submissions(user)
        .filter(organisation=organisation)
        .select_related("edition__criteria_round")
        .order_by("edition__year")
    )
    if not submissions and not is_own:
        raise Http404("No shared editions")
    all_maxima = cached("edition-maxima", _edition_maxima)
    maxima = {}
    names = {}
    for submission in submissions:
        maxima[submission.edition_id] = {}
        for section_id, key, name, maximum in all_maxima.get(submission.edition_id, []):
            names.setdefault(key, name)
            maxima[submission.edition_id][section_id] = (key, maximum)
    scores = defaultdict(dict)
    for submission_id, section_id, score in (
        SectionResult.objects.filter(
            submission_id__in=[submission.pk for submission in submissions], score__isnull=False
        )
        .order_by()
        .values_list("submission_id", "section_id", "score")
    ):
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


def compare_index(*, user, version=None):
    """The person's own organisations' submissions, and {(year, round name): [(number, name)]}
    for every edition with section maximums."""
    own_submissions = []
    if not user.has_perm("networks.view_all_organisations"):
        own_submissions = list(
            Submission.objects.filter(organisation_id__in=user.organisation_ids())
            .select_related("organisation", "edition")
            .order_by("organisation__name", "-edition__year")
        )
    return own_submissions, cached("editions", _editions, version=version)


def _editions():
    editions = {}
    for year, round_name, number, name in EditionSection.objects.order_by(
        "-edition__year", "section__number"
    ).values_list(
        "edition__year", "edition__criteria_round__name", "section__number", "section__name"
    ):
        editions.setdefault((year, round_name), []).append((number, name))
    return editions


def organisations(*, version=None):
    """(pk, slug, name, shared by name in some edition) of every organisation, by name."""
    named = Submission.objects.filter(
        organisation_id=OuterRef("pk"), sharing=Submission.Sharing.NAMED
    )
    return cached(
        "organisations",
        lambda: list(
            Organisation.objects.order_by("name")
            .annotate(named=Exists(named))
            .values_list("pk", "slug", "name", "named")
        ),
        version=version,
    )


def trend_organisations(*, user, version=None):
    """(slug, name) of the organisations whose trend the person may open: their own and those
    with an edition shared by name, or every organisation for the project team."""
    everyone = organisations(version=version)
    if user.has_perm("networks.view_all_organisations"):
        return [(slug, name) for _pk, slug, name, _named in everyone]
    own = set(user.organisation_ids())
    return [(slug, name) for pk, slug, name, named in everyone if named or pk in own]
