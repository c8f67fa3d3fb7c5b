"""One section of one edition across every organisation that shared its score."""

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Case, CharField, F, Q, Value, When
from django.http import Http404

from submissions.compare.access import own_organisation_ids
from submissions.compare.disclosure import count_allowed
from submissions.compare.statistics import (
    Average,
    anonymous_label,
    average,
    percentage,
    quartiles,
    round_2dp,
)
from submissions.compare.version import cached, digest
from submissions.models import EditionSection, SectionResult, Submission

# Pages draw a section's rows in blocks, and blocks in groups, each cached under a digest of
# what it shows: a block or group is drawn once and then read from the cache by everyone whose
# listing holds the same rows at the same places, whoever they are, and stays cached through a
# saved score that leaves its rows as they were. What holds a viewer's own organisation is the
# same only for its people (and cached under a name marking it as theirs). A page of the table
# shows one group: at national scale a section has hundreds of rows, too many to read (or draw)
# at once.
ROWS_PER_BLOCK = 5
BLOCKS_PER_GROUP = 10
ROWS_PER_PAGE = ROWS_PER_BLOCK * BLOCKS_PER_GROUP

# How a person may order a section's table (the ``sort`` query parameter): by score, highest
# first (the ranking, and the default), or by organisation, named ones A to Z and then the
# anonymous ones in letter order; each either way round.
SCORE_DESCENDING = "score-desc"
SORTS = [SCORE_DESCENDING, "score-asc", "organisation-asc", "organisation-desc"]
OWN_SUFFIX = " (your organisation)"


@dataclass(frozen=True)
class ScoreRow:
    """A score to rank: ``name`` and ``slug`` are empty unless the organisation may be named."""

    score: Decimal
    sharing: str
    name: str
    slug: str
    organisation_id: int
    submission_id: int
    is_own: bool = False


class SectionEntry(NamedTuple):
    """One row of a section view. ``organisation_slug`` is empty unless it may be named;
    ``organisation_id`` and ``submission_id`` find a viewer's own rows and are never shown.

    A named tuple rather than a dataclass: a section's hundreds of rows are read from the
    cache on every request, and tuples unpickle in a third of the time (measured)."""

    position: int
    label: str
    score: Decimal
    percentage: Decimal
    sharing: str
    is_own: bool
    organisation_slug: str
    organisation_id: int
    submission_id: int

    @property
    def is_private(self):
        return self.sharing == Submission.Sharing.PRIVATE

    @property
    def is_named(self):
        return bool(self.organisation_slug)


@dataclass(frozen=True)
class EntryBlock:
    """A run of entries drawn together. ``key`` is a digest of what its rendering shows (its
    entries, their edition, its place in its page's chart), so equal blocks share it; ``own``
    when it holds the viewer's own organisation."""

    key: str
    first_index: int
    entries: list
    own: bool

    @property
    def place(self):
        """The block's first row's place in its page (and its page's chart)."""
        return self.first_index % ROWS_PER_PAGE


@dataclass(frozen=True)
class EntryGroup:
    key: str
    blocks: list

    @property
    def own(self):
        return any(block.own for block in self.blocks)


class OfEditionSection:
    """For read models of one section in one edition (an ``edition_section``)."""

    @property
    def section(self):
        return self.edition_section.section

    @property
    def edition(self):
        return self.edition_section.edition

    @property
    def maximum(self):
        return self.edition_section.maximum


class OfSpread:
    """Figures of a listing's ``spread`` (exact quartiles, or Nones when withheld)."""

    @property
    def lower_quartile(self):
        return round_2dp(self.spread[0])

    @property
    def median(self):
        return round_2dp(self.spread[1])

    @property
    def upper_quartile(self):
        return round_2dp(self.spread[2])

    @property
    def spread_percentages(self):
        """Percentages of the exact quartiles, rounded once."""
        return [percentage(value, self.maximum) for value in self.spread]


@dataclass(frozen=True)
class SectionComparison(OfSpread, OfEditionSection):
    edition_section: EditionSection
    entries: list
    average: Average
    # Exact lower quartile, median and upper quartile, or Nones when withheld.
    spread: tuple
    sort: str = SCORE_DESCENDING

    @property
    def count(self):
        """How many organisations are listed."""
        return len(self.entries)

    def sorted_by(self, sort):
        """The comparison with its entries in the order ``sort`` (one of SORTS) names. The
        entries are already read: sorting reads nothing more."""
        if sort == self.sort or sort not in SORTS:
            return self
        return replace(self, entries=sorted_entries(self.entries, sort), sort=sort)

    @cached_property
    def groups(self):
        """The entries in groups of blocks (see ROWS_PER_BLOCK). Worked out once, before the
        comparison is cached, so a request only reads them."""
        year = self.edition_section.edition.year
        blocks = [
            _block(self.entries, first, year)
            for first in range(0, len(self.entries), ROWS_PER_BLOCK)
        ]
        return [
            _group(blocks[first : first + BLOCKS_PER_GROUP])
            for first in range(0, len(blocks), BLOCKS_PER_GROUP)
        ]


def _block(entries, first, year):
    chunk = entries[first : first + ROWS_PER_BLOCK]
    return EntryBlock(
        digest(year, first % ROWS_PER_PAGE, chunk),
        first,
        chunk,
        any(entry.is_own for entry in chunk),
    )


def _group(blocks):
    return EntryGroup(digest(*(block.key for block in blocks)), blocks)


def own_label(name):
    return f"{name}{OWN_SUFFIX}"


def sorted_entries(entries, sort):
    """Ranked entries in the order ``sort`` names (ranked entries are highest score first)."""
    field, direction = sort.split("-")
    if field == "score":
        ordered = list(entries)
    else:
        # Named organisations by name; anonymous ones after them, in letter (rank) order.
        ordered = sorted(
            entries,
            key=lambda entry: (
                not entry.is_named,
                entry.label.removesuffix(OWN_SUFFIX).casefold() if entry.is_named else "",
            ),
        )
    natural = "desc" if field == "score" else "asc"
    return ordered if direction == natural else ordered[::-1]


@dataclass(frozen=True)
class SortHeader:
    """A sortable column's header: ``aria_sort`` says how the table is sorted by it now, and
    ``link_sort`` is the order its link asks for (the other way round when sorted by it)."""

    aria_sort: str
    link_sort: str
    link_direction: str


def sort_headers(sort):
    """{column: SortHeader} for the organisation and score columns under ``sort``."""
    field, direction = sort.split("-")
    headers = {}
    for column, first in (("organisation", "asc"), ("score", "desc")):
        if column == field:
            aria = "ascending" if direction == "asc" else "descending"
            following = "desc" if direction == "asc" else "asc"
        else:
            aria, following = "none", first
        headers[column] = SortHeader(
            aria, f"{column}-{following}", "ascending" if following == "asc" else "descending"
        )
    return headers


def ranked_entries(rows, maximum):
    """Entries from ScoreRows sorted best first: positions shared by ties, names where they
    may be shown, and "Organisation A", "B", ... for anonymous organisations in that order."""
    entries = []
    anonymous_count = 0
    position = 0
    previous = None
    for index, row in enumerate(rows, start=1):
        if row.score != previous:
            position, previous = index, row.score
        named = row.is_own or row.sharing == Submission.Sharing.NAMED
        if row.is_own:
            label = own_label(row.name)
        elif named:
            label = row.name
        else:
            label = anonymous_label(anonymous_count)
            anonymous_count += 1
        entries.append(
            SectionEntry(
                position=position,
                label=label,
                score=row.score,
                percentage=percentage(row.score, maximum),
                sharing=row.sharing,
                is_own=row.is_own,
                organisation_slug=row.slug if named else "",
                organisation_id=row.organisation_id,
                submission_id=row.submission_id,
            )
        )
    return entries


def _shared_comparison(year, number):
    """The section as seen by someone with no organisation in it, or None if there is no such
    section. Names and slugs are fetched only for submissions shared by name."""
    edition_section = (
        EditionSection.objects.select_related("section", "edition__criteria_round")
        .filter(edition__year=year, section__number=number)
        .first()
    )
    if edition_section is None:
        return None
    named = Q(submission__sharing=Submission.Sharing.NAMED)
    rows = [
        ScoreRow(*values)
        for values in SectionResult.objects.filter(
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
    ]
    maximum = edition_section.maximum
    anonymous = sum(row.sharing == Submission.Sharing.ANONYMOUS for row in rows)
    if not count_allowed(anonymous):
        # Too few anonymous scores to hide among each other: they are neither listed nor
        # counted (disclosure's primary rule). What is left is shared by name, so its average
        # and spread reveal no one.
        rows = [row for row in rows if row.sharing == Submission.Sharing.NAMED]
    scores = sorted(row.score for row in rows)
    shared_average = average(sum(scores, Decimal(0)), len(scores), maximum)
    spread = quartiles(scores) if shared_average.shown else (None, None, None)
    return _with_groups(
        SectionComparison(
            edition_section=edition_section,
            entries=ranked_entries(rows, maximum),
            average=shared_average,
            spread=spread,
        )
    )


def _with_groups(comparison, groups=None):
    """The comparison with its groups worked out (or ``groups``, where they are known), to be
    cached or drawn with them."""
    if groups is None:
        comparison.groups  # noqa: B018 (a cached property, computed here to be cached)
    else:
        comparison.__dict__["groups"] = groups  # as the cached property stores them
    return comparison


def shared_section_comparison(*, year, number, version):
    """``section_comparison`` for someone with no organisation in the section: the same for
    every viewer. Raises Http404 for an unknown edition or section."""
    comparison = cached(
        f"section:{year}:{number}", lambda: _shared_comparison(year, number), version=version
    )
    if comparison is None:
        raise Http404("No such section")
    return comparison


def _own_rows(own_ids, edition_section):
    """The viewer's own organisations' scores in the section, private ones too; read for each
    request, never cached."""
    return [
        ScoreRow(*values, is_own=True)
        for values in SectionResult.objects.filter(
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
    ]


# Cached for viewers whose own organisations are all listed by name: what they see is what
# everyone sees, relabelled (see ``section_comparison``).
RELABEL = "relabel"


def section_comparison(*, user, year, number, version):
    """Every shared organisation's score in one section of one edition, ranked, with the
    average and spread of the shared scores.

    The viewer's own organisations are named, marked as theirs, and listed even when private
    (but never averaged). That holds for project team members who belong to an organisation
    too: it shows them nothing they could not see anyway. What a viewer sees depends only on
    their own organisations, so it is cached for everyone with the same ones; where each of
    those is listed by name anyway, only their labels differ from what everyone sees, which is
    relabelled for each request (quicker than reading a copy).
    """
    own_ids = own_organisation_ids(user)
    if not own_ids:
        return shared_section_comparison(year=year, number=number, version=version)

    def build():
        shared = shared_section_comparison(year=year, number=number, version=version)
        named = _named(shared, own_ids)
        # An organisation has one submission an edition: there is nothing more to read.
        return RELABEL if len(named) == len(own_ids) else _with_own(shared, own_ids, named)

    seen = cached(f"section:{year}:{number}:own:{own_key(own_ids)}", build, version=version)
    if seen != RELABEL:
        return seen
    shared = shared_section_comparison(year=year, number=number, version=version)
    return _relabelled(shared, _named(shared, own_ids))


def _named(shared, own_ids):
    """{index: entry} of the entries of ``own_ids`` listed by name."""
    return {
        index: entry
        for index, entry in enumerate(shared.entries)
        if entry.organisation_id in own_ids and entry.is_named
    }


def own_key(own_ids):
    """The viewer's own organisations, as a cache key's part."""
    return "-".join(str(pk) for pk in sorted(own_ids))


def _relabelled(shared, named):
    """``shared`` with the entries ``named`` ({index: entry}) marked as the viewer's own: only
    the blocks holding them, and their groups, are worked out again."""
    entries = list(shared.entries)
    for index, entry in named.items():
        entries[index] = entry._replace(label=own_label(entry.label), is_own=True)
    changed = {index - index % ROWS_PER_BLOCK for index in named}
    year = shared.edition_section.edition.year
    groups = [
        group
        if changed.isdisjoint(block.first_index for block in group.blocks)
        else _group(
            [
                _block(entries, block.first_index, year) if block.first_index in changed else block
                for block in group.blocks
            ]
        )
        for group in shared.groups
    ]
    return _with_groups(replace(shared, entries=entries), groups)


def _with_own(shared, own_ids, named):
    """``shared`` as seen by someone whose own organisations are ``own_ids``, ``named`` of them
    listed by name."""
    own = _own_rows(own_ids, shared.edition_section)
    if all(row.sharing == Submission.Sharing.NAMED for row in own):
        # Only their own rows' labels differ from what everyone sees.
        return _relabelled(shared, named)
    rows = [
        ScoreRow(
            entry.score,
            entry.sharing,
            entry.label if entry.is_named else "",
            entry.organisation_slug,
            entry.organisation_id,
            entry.submission_id,
        )
        for entry in shared.entries
        if entry.organisation_id not in own_ids
    ]
    rows = sorted([*rows, *own], key=lambda row: (-row.score, row.submission_id))
    entries = ranked_entries(rows, shared.maximum)
    return _with_groups(replace(shared, entries=entries))


class OwnPlace(NamedTuple):
    """Where one of the viewer's own organisations is in the table: its page of rows."""

    label: str
    position: int
    page: int


# Requests name pages freely; beyond this they all get the last page (a section of fifty
# thousand organisations), so the pages cached for a listing stay few.
PAGE_CAP = 1000


def page_key(requested):
    """The page a request asks for, as ``Paginator.get_page`` reads it: a number (0 and
    numbers past the end mean the last page), or 1 for anything else."""
    if requested and requested.isascii() and requested.isdigit():
        return min(int(requested), PAGE_CAP)
    return 1


@dataclass(frozen=True)
class SectionPage(OfSpread, OfEditionSection):
    """One page of a section's table, and the chart of the same positions by score, as one
    viewer sees them: what a request draws, without the section's other rows."""

    edition_section: EditionSection
    average: Average
    spread: tuple
    count: int  # organisations listed
    sort: str
    number: int
    pages: int
    chart_group: EntryGroup | None  # the page's positions, ranked by score
    table_group: EntryGroup | None  # the page's rows, in the order ``sort`` names
    own_places: list  # OwnPlace of each of the viewer's own organisations

    @property
    def first_position(self):
        return (self.number - 1) * ROWS_PER_PAGE + 1

    @property
    def last_position(self):
        return min(self.number * ROWS_PER_PAGE, self.count)


def _page_of(comparison, sort, requested):
    table = comparison.sorted_by(sort)
    page = Paginator(table.groups, 1).get_page(requested)
    number = page.number
    groups = comparison.groups
    return SectionPage(
        edition_section=comparison.edition_section,
        average=comparison.average,
        spread=comparison.spread,
        count=comparison.count,
        sort=sort,
        number=number,
        pages=len(table.groups),
        chart_group=groups[number - 1] if groups else None,
        table_group=table.groups[number - 1] if table.groups else None,
        own_places=[
            OwnPlace(entry.label, entry.position, index // ROWS_PER_PAGE + 1)
            for index, entry in enumerate(table.entries)
            if entry.is_own
        ],
    )


def section_page(*, user, year, number, version, sort, requested_page):
    """One page of ``section_comparison`` for the viewer, in the order ``sort`` (one of
    SORTS) names. Cached for everyone with the same own organisations: a request reads fifty
    rows, not the hundreds of a section at national scale."""
    own_ids = own_organisation_ids(user)
    requested = page_key(requested_page)
    viewer = f":own:{own_key(own_ids)}" if own_ids else ""
    return cached(
        f"section-page:{year}:{number}:{sort}:{requested}{viewer}",
        lambda: _page_of(
            section_comparison(user=user, year=year, number=number, version=version),
            sort,
            requested,
        ),
        version=version,
    )
