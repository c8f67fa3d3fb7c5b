"""Fixtures for the submissions compare tests and access-matrix rows."""

from decimal import Decimal

import pytest

from networks.models import Network, Organisation
from submissions.models import EditionSection, SectionResult, Submission

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
