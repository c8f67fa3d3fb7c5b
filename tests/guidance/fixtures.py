"""Fixtures for the guidance tests and for the access matrix's guidance rows."""

import pytest
from django.utils import timezone

from guidance.documents import services
from guidance.documents.emails import unsubscribe_token
from guidance.models import FeedToken, GoodPracticeEntry, Subscription
from submissions.models import CriteriaRound, Section
from tests.guidance.factories import (
    GUIDANCE_BODY,
    AttachmentFactory,
    EntryFactory,
    PublishedEntryFactory,
    document_draft,
    document_edit,
    document_publish,
)
from tests.networks.factories import UserFactory


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


# Guidance documents. The project-team fixture writes them; a colleague reviews.


@pytest.fixture
def colleague(db):
    return UserFactory(
        email="colleague@example.gov.uk", full_name="Sam O'Neill", project_team=True
    )


@pytest.fixture
def draft_document(project_team, section):
    return document_draft(
        by=project_team, title="Writing your allies evidence", sections=[section]
    )


@pytest.fixture
def in_review_document(project_team, colleague):
    document = document_draft(by=project_team, title="Procurement: a model answer")
    document.refresh_from_db()
    services.draft_submit(
        document=document, by=project_team, lock_version=document.lock_version, reviewer=colleague
    )
    document.refresh_from_db()
    return document


@pytest.fixture
def published_document(project_team, colleague, section):
    """Two published revisions (both major, reviewed by a colleague)."""
    document = document_draft(
        by=project_team, title="Allies & role models: what counts", sections=[section]
    )
    document_publish(document, by=colleague)
    document_edit(document, by=project_team, body=GUIDANCE_BODY + "\nAdd the date you checked.\n")
    document_publish(document, by=colleague, change_note="Says to date each check.")
    document.refresh_from_db()
    return document


@pytest.fixture
def unreviewed_document(project_team):
    """Published by its own author without review, waiting for a colleague's approval."""
    document = document_draft(by=project_team, title="Timetable for the 2024 submission")
    document_publish(document, by=project_team, unreviewed_reason="The deadline moved today.")
    document.refresh_from_db()
    return document


@pytest.fixture
def withdrawn_document(published_document, colleague):
    services.document_withdraw(
        document=published_document,
        by=colleague,
        lock_version=published_document.lock_version,
        explanation="Replaced by the 2022–2024 guidance.",
    )
    published_document.refresh_from_db()
    return published_document


@pytest.fixture
def draft_revision(draft_document):
    return draft_document.open_draft()


@pytest.fixture
def in_review_revision(in_review_document):
    return in_review_document.open_draft()


@pytest.fixture
def published_revision(published_document):
    """Reviewed by a colleague before it was published."""
    return published_document.current_revision


@pytest.fixture
def unreviewed_revision(unreviewed_document):
    return unreviewed_document.current_revision


@pytest.fixture
def member_subscription(member):
    return Subscription.objects.create(user=member)


@pytest.fixture
def member_unsubscribe_token(member_subscription):
    return unsubscribe_token(
        user_id=member_subscription.user_id, subscription_ids=[member_subscription.pk]
    )
