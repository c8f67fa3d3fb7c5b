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
from submissions.compare.version import cached
from submissions.models import Edition, EditionSection, SectionResult, Submission

SCORE = "score"
MISSING = "missing"
NOT_IN_ROUND = "not_in_round"


@dataclass(frozen=True)
class SectionMaximum:
    """A section's maximum in one edition; ``key`` matches the section across rounds."""

    section_id: int
    key: str
    name: str
    maximum: Decimal


@dataclass(frozen=True)
class TrendPoint:
    edition: Edition
    submission: Submission
    total_percentage: Decimal | None
    new_round: bool


@dataclass(frozen=True)
class TrendCell:
    """One section in one edition: a score, no score, or not in that edition's round."""

    state: str
    percentage: Decimal | None = None


@dataclass(frozen=True)
class TrendSection:
    key: str
    name: str
    cells: list


def _section_key(name):
    return " ".join(name.lower().split())


def _edition_maxima():
    maxima = defaultdict(list)
    for edition_id, section_id, name, maximum in EditionSection.objects.order_by(
        "edition_id", "section__number"
    ).values_list("edition_id", "section_id", "section__name", "maximum"):
        maxima[edition_id].append(SectionMaximum(section_id, _section_key(name), name, maximum))
    return dict(maxima)


def edition_maxima(*, version):
    """{edition id: [SectionMaximum]} for every edition, in section order."""
    return cached("edition-maxima", _edition_maxima, version=version)


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
    def is_public(self):
        """Every edition shown is shared by name, so everyone who may open it sees the same."""
        return all(point.submission.sharing == Submission.Sharing.NAMED for point in self.points)

    @cached_property
    def sections(self):
        """Sections matched across rounds by name; a section absent from an edition's round is
        a gap."""
        all_maxima = edition_maxima(version=self.version)
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
        names = {}
        by_point = []
        for point in self.points:
            percentages = {}
            for item in all_maxima.get(point.edition.pk, []):
                names.setdefault(item.key, item.name)
                score = scores[point.submission.pk].get(item.section_id)
                percentages[item.key] = percentage(score, item.maximum)
            by_point.append(percentages)
        return [
            TrendSection(key, name, [_cell(key, percentages) for percentages in by_point])
            for key, name in names.items()
        ]


def _cell(key, percentages):
    if key not in percentages:
        return TrendCell(NOT_IN_ROUND)
    if percentages[key] is None:
        return TrendCell(MISSING)
    return TrendCell(SCORE, percentages[key])


def organisation_trend(*, user, organisation_slug, version):
    """An organisation's total and section percentages across the editions the person may see.

    The first edition of each new round is marked. Raises Http404 when the person may see none
    of another organisation's editions.
    """
    organisation = get_object_or_404(Organisation.objects.visible_to(user), slug=organisation_slug)
    submissions = [
        submission
        for submission in Submission.objects.filter(organisation=organisation)
        .select_related("edition__criteria_round")
        .order_by("edition__year")
        if may_open(user, submission)
    ]
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
