"""Fixtures for the guidance tests and for the access matrix's guidance rows."""

import pytest
from django.utils import timezone

from guidance.models import FeedToken, GoodPracticeEntry
from submissions.models import CriteriaRound, Section
from tests.guidance.factories import AttachmentFactory, EntryFactory, PublishedEntryFactory


@pytest.fixture
def criteria_round(db):
    return CriteriaRound.objects.create(name="2018–2020", first_year=2018, last_year=2020)


@pytest.fixture
def section(criteria_round):
    return Section.objects.create(
        criteria_round=criteria_round, number=4, name="Allies and Role Models"
    )


@pytest.fixture
def other_section(criteria_round):
    return Section.objects.create(
        criteria_round=criteria_round, number=7, name="Procurement", is_cross_cutting=True
    )


@pytest.fixture
def draft_entry(network, member):
    return EntryFactory(network=network, author=member, title="Allies programme draft")


@pytest.fixture
def published_entry(network, member, section):
    entry = PublishedEntryFactory(
        network=network,
        author=member,
        title="Visible allies in every team",
        body="We trained **forty allies** who wear lanyards and run a monthly drop-in.",
    )
    entry.sections.add(section)
    return entry


@pytest.fixture
def withdrawn_entry(network, member):
    return EntryFactory(
        network=network,
        author=member,
        title="An out-of-date policy",
        status=GoodPracticeEntry.Status.WITHDRAWN,
        status_reason="The policy changed in 2020.",
        published_at=timezone.now(),
        withdrawn_at=timezone.now(),
    )


@pytest.fixture
def published_attachment(published_entry):
    return AttachmentFactory(entry=published_entry)


@pytest.fixture
def draft_attachment(draft_entry):
    return AttachmentFactory(entry=draft_entry, file_name="draft-notes.pdf")


@pytest.fixture
def withdrawn_attachment(withdrawn_entry):
    return AttachmentFactory(entry=withdrawn_entry, file_name="old-policy.pdf")


@pytest.fixture
def member_feed_token(member):
    return FeedToken.objects.create(user=member, token="a-feed-token-for-tests")
