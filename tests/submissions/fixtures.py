"""Fixtures shared by the submissions tests and the access matrix's submissions rows."""

import pytest

from submissions.models import Submission
from tests.submissions.factories import SubmissionFactory, edition_with_sections


@pytest.fixture
def edition(db):
    """The 2019 edition with three sections worth 20, 30 and 50 marks (total 100)."""
    return edition_with_sections(year=2019)


@pytest.fixture
def submission(organisation, edition):
    """The `organisation`'s (the member's and lead's) private 2019 submission."""
    return SubmissionFactory(organisation=organisation, edition=edition)


@pytest.fixture
def other_submission(other_organisation, edition):
    """Another organisation's 2019 submission, shared by name."""
    return SubmissionFactory(
        organisation=other_organisation, edition=edition, sharing=Submission.Sharing.NAMED
    )
