from decimal import Decimal

import factory

from submissions.models import (
    CriteriaRound,
    Edition,
    EditionSection,
    Recommendation,
    Section,
    SectionResult,
    Submission,
)
from tests.networks.factories import OrganisationFactory


class CriteriaRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaRound
        django_get_or_create = ["name"]

    name = "2018–2020"
    first_year = 2018
    last_year = 2020


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    criteria_round = factory.SubFactory(CriteriaRoundFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Section {n + 1}")


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ["year"]

    year = 2019
    criteria_round = factory.SubFactory(CriteriaRoundFactory)
    entrants = 445
    maximum_total = Decimal("100")


def edition_with_sections(year=2019, maxima=(20, 30, 50), criteria_round=None, entrants=445):
    """An edition whose sections' maximums add up to its total (numbered from 1)."""
    criteria_round = criteria_round or CriteriaRoundFactory()
    edition = EditionFactory(
        year=year,
        criteria_round=criteria_round,
        entrants=entrants,
        maximum_total=Decimal(sum(maxima)),
    )
    for number, maximum in enumerate(maxima, start=1):
        section, _ = Section.objects.get_or_create(
            criteria_round=criteria_round,
            number=number,
            defaults={"name": f"Section {number}", "is_cross_cutting": number == len(maxima)},
        )
        EditionSection.objects.get_or_create(
            edition=edition, section=section, defaults={"maximum": Decimal(maximum)}
        )
    return edition


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    organisation = factory.SubFactory(OrganisationFactory)
    edition = factory.SubFactory(EditionFactory)
    sharing = Submission.Sharing.PRIVATE


class SectionResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionResult

    submission = factory.SubFactory(SubmissionFactory)
    section = factory.SubFactory(SectionFactory)
    score = Decimal("10")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    submission = factory.SubFactory(SubmissionFactory)
    text = "Publish a list of actions for allies."
