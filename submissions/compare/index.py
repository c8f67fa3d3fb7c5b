"""The comparisons index: the viewer's own submissions, every edition's sections, and the
organisations whose trend the viewer may open."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from networks.models import Organisation
from submissions.compare.access import own_organisation_ids, sees_every_organisation
from submissions.compare.version import cached
from submissions.models import EditionSection, Submission


@dataclass(frozen=True)
class SectionLink:
    number: int
    name: str


@dataclass(frozen=True)
class EditionSections:
    year: int
    round_name: str
    sections: list


@dataclass(frozen=True)
class OrganisationChoice:
    pk: int
    slug: str
    name: str
    shared_by_name: bool  # in at least one edition


def _editions():
    editions = {}
    for year, round_name, number, name in EditionSection.objects.order_by(
        "-edition__year", "section__number"
    ).values_list(
        "edition__year", "edition__criteria_round__name", "section__number", "section__name"
    ):
        editions.setdefault((year, round_name), []).append(SectionLink(number, name))
    return [
        EditionSections(year, round_name, sections)
        for (year, round_name), sections in editions.items()
    ]


def editions(*, version):
    """Every edition with section maximums, latest first, with its sections."""
    return cached("editions", _editions, version=version)


def _organisation_choices():
    named = Submission.objects.filter(
        organisation_id=OuterRef("pk"), sharing=Submission.Sharing.NAMED
    )
    return [
        OrganisationChoice(*values)
        for values in Organisation.objects.order_by("name")
        .annotate(named=Exists(named))
        .values_list("pk", "slug", "name", "named")
    ]


def organisation_choices(*, version):
    """Every organisation, by name, and whether it has shared an edition by name."""
    return cached("organisations", _organisation_choices, version=version)


@dataclass
class CompareIndex:
    own_submissions: list
    sees_every_organisation: bool
    # The viewer's own organisations that have never shared by name: theirs to choose for a
    # trend although they are not in the list everyone sees.
    own_choices: list


def compare_index(*, user, version):
    """The person's own organisations' submissions (none for the project team, who choose
    from every organisation) and their own organisations missing from the shared list."""
    sees_all = sees_every_organisation(user)
    if sees_all:
        return CompareIndex([], True, [])
    own_ids = own_organisation_ids(user)
    own_submissions = list(
        Submission.objects.filter(organisation_id__in=own_ids)
        .select_related("organisation", "edition")
        .order_by("organisation__name", "-edition__year")
    )
    named = {
        submission.organisation_id
        for submission in own_submissions
        if submission.sharing == Submission.Sharing.NAMED
    }
    own_choices = []
    if own_ids - named:
        own_choices = [
            choice
            for choice in organisation_choices(version=version)
            if choice.pk in own_ids and not choice.shared_by_name
        ]
    return CompareIndex(own_submissions, False, own_choices)


def trend_choices(*, user, version):
    """Slugs of the organisations whose trend the person may open: their own and those with
    an edition shared by name, or every organisation for the project team."""
    choices = organisation_choices(version=version)
    if sees_every_organisation(user):
        return {choice.slug for choice in choices}
    own_ids = own_organisation_ids(user)
    return {choice.slug for choice in choices if choice.shared_by_name or choice.pk in own_ids}
