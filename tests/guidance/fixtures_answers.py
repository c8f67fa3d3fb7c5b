"""Fixtures for standard responses, answers and the consistency report, and for their rows
in the access matrix.

The 2019 edition's section 3 (cross-cutting, 50 marks) has a published standard response.
The member's organisation (private draft) and the other organisation (shared by name) used
it; their marks differ by 15 percentage points, so their group is flagged.
"""

from decimal import Decimal

import pytest

from guidance.answers import services as answers
from submissions.models import EditionSection, Submission
from tests.guidance.factories import document_draft, document_publish
from tests.networks.factories import OrganisationFactory
from tests.submissions.factories import SectionResultFactory, SubmissionFactory

MODEL_ANSWER = (
    "Our department buys through the Crown Commercial Service frameworks. Every tender over "
    "£10,000 asks suppliers for their equality policy, and contract managers check it each "
    "year.\n\nWe publish the supplier diversity questions on our intranet."
)
LIGHTLY_EDITED = MODEL_ANSWER.replace("each year", "every year").replace(
    "on our intranet", "on the intranet"
)


@pytest.fixture
def answer_section(edition):
    return (
        EditionSection.objects.select_related("section")
        .get(edition=edition, section__number=3)
        .section
    )


@pytest.fixture
def standard_response(project_team, colleague, answer_section):
    document = document_draft(
        by=project_team,
        title="Procurement: model answer",
        body=MODEL_ANSWER,
        standard_response_for=answer_section,
        evidence="The tender template's equality questions.",
    )
    document_publish(document, by=colleague)
    document.refresh_from_db()
    return document


def use(submission, section, document, by, score=None, comment=""):
    result = answers.answer_use_standard_response(
        submission=submission, section=section, revision=document.current_revision, by=by
    )
    if score is not None or comment:
        result.score, result.comment = score, comment
        result.save()
    return result


@pytest.fixture
def used_answer(submission, answer_section, standard_response, member):
    """The member's organisation's draft answer, based on revision 1, marked 40 of 50."""
    return use(
        submission, answer_section, standard_response, member, Decimal(40), "Strong evidence."
    )


@pytest.fixture
def consistency_group(
    used_answer, other_submission, answer_section, standard_response, other_lead
):
    """Two organisations used the standard response: 80% and 65%."""
    other = use(
        other_submission,
        answer_section,
        standard_response,
        other_lead,
        Decimal("32.5"),
        '=HYPERLINK("http://evil.example") <script>alert(1)</script>',
    )
    return {"mine": used_answer, "other": other}


@pytest.fixture
def third_organisation_copy(consistency_group, edition, answer_section):
    """A third organisation, shared anonymously, answered with a lightly edited copy."""
    third = SubmissionFactory(
        organisation=OrganisationFactory(name="Agency for Third Parties"),
        edition=edition,
        sharing=Submission.Sharing.ANONYMOUS,
    )
    return SectionResultFactory(
        submission=third, section=answer_section, answer=LIGHTLY_EDITED, score=Decimal(35)
    )
