"""Fixtures for the submissions entry tests and access-matrix rows."""

import datetime

import pytest

from submissions.models import Recommendation
from tests.submissions.factories import RecommendationFactory


@pytest.fixture
def recommendation(submission):
    """An open action on the `organisation`'s 2019 submission."""
    return RecommendationFactory(
        submission=submission,
        text="Publish a list of actions for allies.",
        action_owner="Network chair",
        due_date=datetime.date(2030, 1, 31),
        status=Recommendation.Status.OPEN,
    )
