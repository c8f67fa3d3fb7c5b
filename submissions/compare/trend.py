"""Trend: one organisation's total and section percentages across the editions the viewer may
see."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.http import Http404
from django.shortcuts import get_object_or_404

from networks.models import Organisation
from submissions.compare.access import may_open, own_organisation_ids, sees_every_organisation
from submissions.compare.statistics import percentage
from submissions.compare.version import cached, digest
from submissions.models import Edition, Section, SectionResult, Submission

SCORE = "score"
MISSING = "missing"
NOT_IN_ROUND = "not_in_round"


@dataclass(frozen=True)
class TrendPoint:
    edition: Edition
    submission: Submission
    total_percentage: Decimal | None
    new_round: bool


@dataclass(frozen=True)
class SectionInfo:
    """A section as a trend names it, and the earlier round's section it continues, if any."""

    section_id: int
    number: int
    name: str
    round_name: str
    continues_id: int | None


@dataclass(frozen=True)
class TrendStructure:
    """Every section, and each edition's section maximums ({section id: maximum})."""

    sections: dict
    maxima: dict


@dataclass(frozen=True)
class TrendCell:
    """One section in one edition: a score, no score, or not in that edition's round.
    ``section`` is the section the figure belongs to, an earlier one where the row crosses a
    change of criteria."""

    state: str
    percentage: Decimal | None = None
    section: SectionInfo | None = None
    earlier: bool = False


@dataclass(frozen=True)
class TrendSection:
    """A row: a section and, in earlier rounds, the sections it continues (``continues``,
    latest first). Sections of different rounds share a row only along that link."""

    key: int
    section: SectionInfo
    continues: list
    cells: list

    @property
    def name(self):
        return self.section.name

    @property
    def crosses_rounds(self):
        return bool(self.continues)


def _trend_structure():
    sections, maxima = {}, defaultdict(dict)
    rows = Section.objects.order_by("criteria_round__first_year", "number").values_list(
        "pk",
        "number",
        "name",
        "criteria_round__name",
        "continues_id",
        "edition_maxima__edition_id",
        "edition_maxima__maximum",
    )
    for section_id, number, name, round_name, continues_id, edition_id, maximum in rows:
        sections[section_id] = SectionInfo(section_id, number, name, round_name, continues_id)
        if edition_id is not None:
            maxima[edition_id][section_id] = maximum
    return TrendStructure(sections, dict(maxima))


def trend_structure(*, version):
    """Every section and edition maximum, in one query, shared by every trend."""
    return cached("trend-structure", _trend_structure, version=version)


def _earlier(structure, section_id):
    """The sections ``section_id`` continues, latest first (following the admin-set link)."""
    chain, seen = [], {section_id}
    section = structure.sections[section_id]
    while section.continues_id is not None and section.continues_id not in seen:
        seen.add(section.continues_id)
        section = structure.sections[section.continues_id]
        chain.append(section)
    return chain


@dataclass
class Trend:
    """The editions' points, and section rows worked out when first used, so a page whose
    rendering is cached does not read the scores."""

    organisation: Organisation
    points: list
    version: int

    @property
    def rounds(self):
        return [point for point in self.points if point.new_round]

    @property
    def shown_key(self):
        """The submissions shown: their figures are the same for everyone who may see the
        same ones."""
        return "-".join(str(point.submission.pk) for point in self.points)

    @cached_property
    def key(self):
        """A digest of everything the figures show (the organisation, each edition's year,
        criteria and total percentage, and every section row), to cache their rendering
        under: a change elsewhere moves the version, but where it leaves this organisation's
        figures as they were, the rendering is read again rather than drawn."""
        return digest(
            self.organisation.slug,
            self.organisation.name,
            [
                (
                    point.edition.year,
                    point.edition.criteria_round.name,
                    point.total_percentage,
                    point.new_round,
                )
                for point in self.points
            ],
            self.sections,
        )

    @cached_property
    def sections(self):
        """A row per section of the editions shown, holding the figures of the sections it
        continues in earlier rounds; a section absent from an edition's round is a gap.
        Same-named sections of different rounds are separate rows unless linked."""
        structure = trend_structure(version=self.version)
        scores = defaultdict(dict)
        for submission_id, section_id, score in (
            SectionResult.objects.filter(
                submission_id__in=[point.submission.pk for point in self.points],
                score__isnull=False,
            )
            .order_by()
            .values_list("submission_id", "section_id", "score")
        ):
            scores[submission_id][section_id] = score
        by_point = [
            (scores[point.submission.pk], structure.maxima.get(point.edition.pk, {}))
            for point in self.points
        ]
        shown = {section_id for _scores, maxima in by_point for section_id in maxima}
        lineages = {section_id: _earlier(structure, section_id) for section_id in shown}
        carried_on = {earlier.section_id for chain in lineages.values() for earlier in chain}
        rows = [
            _trend_row([structure.sections[section_id], *lineages[section_id]], shown, by_point)
            for section_id in shown - carried_on
        ]
        return [row for _first, row in sorted(rows, key=lambda item: item[0])]


def _trend_row(lineage, shown, by_point):
    """(where the row first has a figure, the row) for a section and the sections it
    continues; ``by_point`` is (scores, maxima) per edition, each {section id: value}."""
    cells, first = [], None
    for index, (scores, maxima) in enumerate(by_point):
        member = next((section for section in lineage if section.section_id in maxima), None)
        if member is None:
            cells.append(TrendCell(NOT_IN_ROUND))
            continue
        if first is None:
            first = (index, member.number, lineage[0].section_id)
        value = percentage(scores.get(member.section_id), maxima[member.section_id])
        cells.append(
            TrendCell(MISSING if value is None else SCORE, value, member, member is not lineage[0])
        )
    # The row crosses rounds as far back as the earliest continued section it shows.
    shown_earlier = [section for section in lineage[1:] if section.section_id in shown]
    continues = lineage[1 : lineage.index(shown_earlier[-1]) + 1] if shown_earlier else []
    return first, TrendSection(lineage[0].section_id, lineage[0], continues, cells)


def organisation_trend(*, user, organisation_slug, version):
    """An organisation's total and section percentages across the editions the person may see.

    The first edition of each new round is marked. Raises Http404 when the person may see none
    of another organisation's editions.
    """
    # The organisation comes with its submissions, in one query (the directory is open to
    # everyone signed in); on its own only when it has none.
    every = (
        list(
            Submission.objects.filter(organisation__slug=organisation_slug)
            .select_related("organisation", "edition__criteria_round")
            .order_by("edition__year")
        )
        if user.is_authenticated
        else []
    )
    if every:
        organisation = every[0].organisation
    else:
        organisation = get_object_or_404(
            Organisation.objects.visible_to(user), slug=organisation_slug
        )
    submissions = [submission for submission in every if may_open(user, submission)]
    if not submissions and not (
        organisation.pk in own_organisation_ids(user) or sees_every_organisation(user)
    ):
        raise Http404("No shared editions")
    points = []
    previous_round = None
    for submission in submissions:
        edition = submission.edition
        submission.organisation = organisation
        points.append(
            TrendPoint(
                edition=edition,
                submission=submission,
                total_percentage=percentage(submission.total_score, edition.maximum_total),
                new_round=previous_round is not None
                and edition.criteria_round_id != previous_round,
            )
        )
        previous_round = edition.criteria_round_id
    return Trend(organisation=organisation, points=points, version=version)
