"""Who did this well: organisations shared by name in the top quarter of one section, with
their networks' contact addresses."""

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from networks.models import Organisation
from submissions.compare.section import OfEditionSection, shared_section_comparison
from submissions.compare.statistics import top_quarter_cutoff
from submissions.compare.version import cached
from submissions.models import EditionSection, Submission


@dataclass(frozen=True)
class LeaderNetwork:
    name: str
    slug: str
    contact_email: str


@dataclass(frozen=True)
class Leader:
    name: str
    slug: str
    score: Decimal
    percentage: Decimal
    networks: list


@dataclass(frozen=True)
class SectionLeaders(OfEditionSection):
    edition_section: EditionSection
    organisations: list
    listed_count: int  # the scores listed on the section's page, which the quarter is of
    cutoff: Decimal | None


def _section_leaders(year, number, version):
    try:
        comparison = shared_section_comparison(year=year, number=number, version=version)
    except Http404:
        return None
    cutoff = top_quarter_cutoff(entry.score for entry in comparison.entries)
    named = {
        entry.organisation_slug: entry
        for entry in comparison.entries
        if entry.sharing == Submission.Sharing.NAMED and entry.score >= cutoff
    }
    leaders = [
        Leader(
            name=organisation.name,
            slug=organisation.slug,
            score=named[organisation.slug].score,
            percentage=named[organisation.slug].percentage,
            networks=[
                LeaderNetwork(network.name, network.slug, network.contact_email)
                for network in organisation.networks.all()
            ],
        )
        for organisation in Organisation.objects.filter(slug__in=named)
        .prefetch_related("networks")
        .order_by("name")
    ]
    leaders.sort(key=lambda leader: (-leader.score, leader.name))
    return SectionLeaders(comparison.edition_section, leaders, len(comparison.entries), cutoff)


def section_leaders(*, year, number, version):
    """Organisations shared by name whose score in the section is in the top quarter.

    The top quarter is taken over every shared score (named and anonymous); only the named
    ones are listed, best first, with their networks. The same for every viewer. Raises
    Http404 for an unknown edition or section.
    """
    leaders = cached(
        f"leaders:{year}:{number}",
        lambda: _section_leaders(year, number, version),
        version=version,
    )
    if leaders is None:
        raise Http404("No such section")
    return leaders
