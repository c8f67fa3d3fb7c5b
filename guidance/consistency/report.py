"""The marking-consistency report's read model: for one edition and section, groups of
answers that used the same standard-response revision or are near identical, with each
member's mark as a percentage of the section maximum and the group's spread.

What is the same for every viewer (the groups and their marks) is computed once per data
version and cached; no similarity work is repeated on a request while the data stays the
same. Percentages and spreads are kept exact and rounded once, in templates and exports.
Private submissions are members here: the project team sees them. What a lead sees is
``lead_view``, which leaves other organisations' private submissions out.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import F
from django.shortcuts import get_object_or_404

from guidance.apps import consistency_thresholds
from guidance.consistency.similarity import Answer, group_answers, sequence, similarities_to
from guidance.models import Revision
from submissions.models import EditionSection, SectionResult, Submission

CACHE_SECONDS = 60 * 60 * 24
HUNDRED = Decimal(100)


@dataclass
class Member:
    result_id: int
    submission_id: int
    organisation_id: int
    organisation_name: str
    organisation_slug: str
    sharing: str
    status: str
    score: Decimal | None
    percentage: Decimal | None
    revision_id: int | None
    similarity: float = 100.0

    @property
    def shared_by_name(self):
        return self.sharing == Submission.Sharing.NAMED

    @property
    def is_private(self):
        return self.sharing == Submission.Sharing.PRIVATE


@dataclass
class Group:
    key: int
    members: list[Member]
    revision_ids: list[int]
    reference_result_id: int | None
    lowest: Decimal | None = None
    highest: Decimal | None = None
    flagged: bool = False
    basis: str = ""
    revision_labels: list[str] = field(default_factory=list)

    @property
    def spread(self):
        if self.lowest is None:
            return None
        return self.highest - self.lowest

    @property
    def marked(self):
        return [member for member in self.members if member.percentage is not None]


@dataclass
class SectionReport:
    edition_id: int
    year: int
    section_id: int
    section_number: int
    section_name: str
    maximum: Decimal
    answers: int
    groups: list[Group]
    similarity_threshold: Decimal
    range_threshold: Decimal

    @property
    def flagged(self):
        return [group for group in self.groups if group.flagged]

    def group(self, key):
        return next((group for group in self.groups if group.key == key), None)


def _percentage(score, maximum):
    if score is None or not maximum:
        return None
    return score * HUNDRED / maximum


def spread(percentages):
    """Lowest and highest of the known percentages (None, None when there are none)."""
    known = [value for value in percentages if value is not None]
    return (min(known), max(known)) if known else (None, None)


def build_section_report(maximum_row: EditionSection) -> SectionReport:
    """Compute the report for one edition's section: two queries and the similarity work."""
    thresholds = consistency_thresholds()
    similarity_threshold = thresholds["CONSISTENCY_SIMILARITY_THRESHOLD"]
    range_threshold = thresholds["CONSISTENCY_RANGE_THRESHOLD"]
    maximum = maximum_row.maximum
    rows = list(
        SectionResult.objects.filter(
            submission__edition_id=maximum_row.edition_id, section_id=maximum_row.section_id
        )
        .exclude(answer="", answer_source__isnull=True)
        .annotate(
            revision_id=F("answer_source__revision_id"),
            organisation_id=F("submission__organisation_id"),
            organisation_name=F("submission__organisation__name"),
            organisation_slug=F("submission__organisation__slug"),
            sharing=F("submission__sharing"),
            status=F("submission__status"),
        )
        .values(
            "pk",
            "answer",
            "score",
            "submission_id",
            "revision_id",
            "organisation_id",
            "organisation_name",
            "organisation_slug",
            "sharing",
            "status",
        )
        .order_by("submission__organisation__name", "pk")
    )
    by_pk = {row["pk"]: row for row in rows}
    sequences = {row["pk"]: sequence(row["answer"]) for row in rows}
    keys = group_answers(
        [Answer(row["pk"], row["answer"], row["revision_id"]) for row in rows],
        threshold=float(similarity_threshold),
        sequences=[sequences[row["pk"]] for row in rows],
    )
    revision_ids = {row["revision_id"] for row in rows if row["revision_id"]}
    revisions = {
        revision.pk: revision
        for revision in Revision.objects.filter(pk__in=revision_ids).only(
            "pk", "number", "title", "body", "document_id"
        )
    }
    groups = []
    for group_keys in keys:
        members_rows = sorted((by_pk[key] for key in group_keys), key=lambda r: r["pk"])
        used = sorted({row["revision_id"] for row in members_rows if row["revision_id"]})
        # The text the others are measured against: the most used revision's words, or
        # the first member's answer.
        if used:
            most = max(
                used,
                key=lambda pk: (sum(1 for row in members_rows if row["revision_id"] == pk), pk),
            )
            reference, reference_result = sequence(revisions[most].body), None
        else:
            reference, reference_result = sequences[members_rows[0]["pk"]], members_rows[0]["pk"]
        scores = similarities_to(reference, [sequences[row["pk"]] for row in members_rows])
        members = [
            Member(
                result_id=row["pk"],
                submission_id=row["submission_id"],
                organisation_id=row["organisation_id"],
                organisation_name=row["organisation_name"],
                organisation_slug=row["organisation_slug"],
                sharing=row["sharing"],
                status=row["status"],
                score=row["score"],
                percentage=_percentage(row["score"], maximum),
                revision_id=row["revision_id"],
                similarity=score,
            )
            for row, score in zip(members_rows, scores, strict=True)
        ]
        members.sort(key=lambda member: (member.organisation_name, member.result_id))
        lowest, highest = spread(member.percentage for member in members)
        bases = []
        if used:
            bases.append("the same standard response")
        if any(row["revision_id"] is None for row in members_rows) or len(used) > 1:
            bases.append(f"at least {similarity_threshold:g}% the same text")
        groups.append(
            Group(
                key=min(group_keys),
                members=members,
                revision_ids=used,
                reference_result_id=reference_result,
                lowest=lowest,
                highest=highest,
                flagged=lowest is not None and highest - lowest > range_threshold,
                basis=" and ".join(bases),
                revision_labels=[
                    f"{revisions[pk].title} (revision {revisions[pk].number})" for pk in used
                ],
            )
        )
    groups.sort(key=lambda group: (-(group.spread or 0), group.key))
    return SectionReport(
        edition_id=maximum_row.edition_id,
        year=maximum_row.edition.year,
        section_id=maximum_row.section_id,
        section_number=maximum_row.section.number,
        section_name=maximum_row.section.name,
        maximum=maximum,
        answers=len(rows),
        groups=groups,
        similarity_threshold=similarity_threshold,
        range_threshold=range_threshold,
    )


def _key(version, edition_id, section_id):
    thresholds = consistency_thresholds()
    marks = ":".join(str(value) for value in thresholds.values())
    return f"consistency:{version}:{marks}:{edition_id}:{section_id}"


def section_report(maximum_row: EditionSection, *, version) -> SectionReport:
    """The report for one edition's section, from the cache while the data version stays."""
    return cache.get_or_set(
        _key(version, maximum_row.edition_id, maximum_row.section_id),
        lambda: build_section_report(maximum_row),
        CACHE_SECONDS,
    )


def edition_section(year, number):
    """The edition's section with its maximum, or 404."""
    return get_object_or_404(
        EditionSection.objects.select_related("edition", "section"),
        edition__year=year,
        section__number=number,
    )


def edition_reports(edition, *, version):
    """Every section's report for an edition, in section order."""
    maxima = (
        EditionSection.objects.filter(edition=edition)
        .select_related("edition", "section")
        .order_by("section__number")
    )
    return [section_report(row, version=version) for row in maxima]


@dataclass
class LeadMatch:
    """What an organisation's own people see of its answer's group."""

    section_number: int
    section_name: str
    others: int
    named: list[str]
    shown: bool
    lowest: Decimal | None
    highest: Decimal | None
    similarity_threshold: Decimal


def lead_match(report: SectionReport, *, result_id, organisation_id, minimum) -> LeadMatch | None:
    """How many other organisations' answers matched this one, and (once the group has at
    least ``minimum`` organisations) the range of the group's marks. Other organisations'
    private submissions are never counted; only those shared by name are named."""
    for group in report.groups:
        mine = next((m for m in group.members if m.result_id == result_id), None)
        if mine is not None:
            break
    else:
        return None
    others = [
        member
        for member in group.members
        if member.organisation_id != organisation_id and not member.is_private
    ]
    if not others:
        return None
    shown = len(others) + 1 >= minimum
    lowest, highest = spread([member.percentage for member in [mine, *others]])
    return LeadMatch(
        section_number=report.section_number,
        section_name=report.section_name,
        others=len(others),
        named=sorted({m.organisation_name for m in others if m.shared_by_name}),
        shown=shown and lowest is not None,
        lowest=lowest if shown else None,
        highest=highest if shown else None,
        similarity_threshold=report.similarity_threshold,
    )
