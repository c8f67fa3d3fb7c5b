"""Fixtures for the submissions compare tests and access-matrix rows."""

from decimal import Decimal

import pytest

from networks.models import Membership, Network, Organisation
from submissions.models import EditionSection, SectionResult, Submission
from tests.networks.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.submissions.factories import SubmissionFactory

SHARING_CYCLE = [
    Submission.Sharing.NAMED,
    Submission.Sharing.NAMED,
    Submission.Sharing.ANONYMOUS,
    Submission.Sharing.PRIVATE,
]


def seed_sharers(edition, count, prefix="Seeded Body", slug_prefix="seeded-body"):
    """``count`` organisations (with a network each) with scored submissions in ``edition``.

    Bulk-created, so a test can seed hundreds; sharing cycles named, named, anonymous,
    private, and scores vary so ranks and quartiles are not all ties.
    """
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"{prefix} {n}", acronym=f"SB{n}", slug=f"{slug_prefix}-{n}")
        for n in range(count)
    )
    Network.objects.bulk_create(
        Network(
            organisation=organisation,
            name=f"{organisation.name} Pride",
            slug=f"{organisation.slug}-pride",
            contact_email=f"pride{n}@example.gov.uk",
        )
        for n, organisation in enumerate(organisations)
    )
    maxima = list(EditionSection.objects.filter(edition=edition))
    submissions = []
    scores = []
    for n, organisation in enumerate(organisations):
        section_scores = [
            (
                item.section_id,
                (item.maximum * ((n * 7 + index * 3) % 11) / 10).quantize(Decimal("0.01")),
            )
            for index, item in enumerate(maxima)
        ]
        scores.append(section_scores)
        submissions.append(
            Submission(
                organisation=organisation,
                edition=edition,
                total_score=sum(score for _section, score in section_scores),
                sharing=SHARING_CYCLE[n % len(SHARING_CYCLE)],
                status=Submission.Status.COMPLETE,
            )
        )
    submissions = Submission.objects.bulk_create(submissions)
    SectionResult.objects.bulk_create(
        SectionResult(submission=submission, section_id=section_id, score=score)
        for submission, section_scores in zip(submissions, scores, strict=True)
        for section_id, score in section_scores
    )
    return organisations


@pytest.fixture
def shared_submission(submission):
    """The `organisation`'s 2019 submission, shared by name, with a score in every section."""
    submission.sharing = Submission.Sharing.NAMED
    submission.total_score = Decimal("50")
    submission.save()
    for item, score in zip(
        EditionSection.objects.filter(edition=submission.edition).order_by("section__number"),
        ["10", "15", "25"],
        strict=True,
    ):
        SectionResult.objects.create(
            submission=submission, section=item.section, score=Decimal(score)
        )
    return submission


def add_submission(organisation, edition, sharing, scores, total=None):
    """A submission with the given section scores (None for no score) and their sum as total."""
    submission = SubmissionFactory(
        organisation=organisation,
        edition=edition,
        sharing=sharing,
        total_score=total
        if total is not None
        else sum(Decimal(score) for score in scores if score is not None),
    )
    maxima = EditionSection.objects.filter(edition=edition).order_by("section__number")
    for item, score in zip(maxima, scores, strict=True):
        if score is not None:
            SectionResult.objects.create(
                submission=submission, section=item.section, score=Decimal(score)
            )
    return submission


@pytest.fixture
def hidden_agency(db):
    return OrganisationFactory(name="Hidden Agency", acronym="HIDAG", slug="hidden-agency")


@pytest.fixture
def secret_department(db):
    return OrganisationFactory(
        name="Secret Department", acronym="SECRETD", slug="secret-department"
    )


@pytest.fixture
def comparison(
    edition, organisation, other_organisation, hidden_agency, secret_department, other_network
):
    """2019 (maxima 20, 30, 50): two named, three anonymous and one private organisation, all
    in one sector. Three anonymous, so that their figures may be shown (``disclosure``)."""
    return {
        "silent": add_submission(
            OrganisationFactory(name="Silent Service", acronym="SILSV", slug="silent-service"),
            edition,
            Submission.Sharing.ANONYMOUS,
            ["9.5", "12", "30"],
        ),
        "unseen": add_submission(
            OrganisationFactory(name="Unseen Unit", acronym="UNSNU", slug="unseen-unit"),
            edition,
            Submission.Sharing.ANONYMOUS,
            ["11.77", "18", "35"],
        ),
        "own": add_submission(organisation, edition, Submission.Sharing.NAMED, ["10", "15", "25"]),
        "other": add_submission(
            other_organisation, edition, Submission.Sharing.NAMED, ["12.5", "20", "30"]
        ),
        "anonymous": add_submission(
            hidden_agency, edition, Submission.Sharing.ANONYMOUS, ["7", "9.99", "40"]
        ),
        "private": add_submission(
            secret_department, edition, Submission.Sharing.PRIVATE, ["20", "30", "50"]
        ),
    }


def insider_of(organisation, role=Membership.Role.MEMBER):
    """A member (or, with ``role``, a lead) of a network of ``organisation``."""
    insider = UserFactory()
    MembershipFactory(user=insider, network=NetworkFactory(organisation=organisation), role=role)
    return insider
