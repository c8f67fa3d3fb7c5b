"""The demo guidance: realistic, every state present, and loading twice changes nothing."""

import itertools

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from guidance.documents.demo import DOCUMENTS
from guidance.models import Document, Notification, Revision, Subscription
from networks.models import User
from tests.guidance.pages import text
from tests.guidance.safety import assert_safe_html

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Document, Revision, Subscription, Notification)]


def test_demo_guidance_loads_twice_without_duplicates():
    call_command("load_demo_data", allow_production=True)
    first = counts()
    call_command("load_demo_data", allow_production=True)
    assert counts() == first
    assert 10 <= Document.objects.filter(kind=Document.Kind.GUIDANCE).count() <= 12


def test_demo_guidance_has_every_state_and_a_real_history():
    call_command("load_demo_data", allow_production=True)
    statuses = set(Document.objects.values_list("status", flat=True))
    assert {"published", "in_review", "withdrawn"} <= statuses
    today = timezone.localdate()
    assert Document.objects.published().filter(review_due__lt=today).count() == 1
    rounds = set(
        Revision.objects.published().values_list("sections__criteria_round__name", flat=True)
    )
    assert {"2018–2020", "2022–2024"} <= rounds
    for document in Document.objects.filter(kind="guidance").exclude(status="in_review"):
        published = list(document.revisions.published().order_by("number"))
        assert 2 <= len(published) <= 4, document.slug
        assert [revision.number for revision in published] == list(range(1, len(published) + 1))
        assert published[0].change_type == "major"
        # Every revision changed something.
        for older, newer in itertools.pairwise(published):
            assert (older.title, older.body) != (newer.title, newer.body), document.slug
    types = set(Revision.objects.published().values_list("change_type", flat=True))
    assert types == {"major", "minor"}
    assert Revision.objects.published().filter(reviewed_by__isnull=True).exists()
    assert Revision.objects.open().filter(state="in_review").count() == 2
    assert len(DOCUMENTS) == Document.objects.filter(kind="guidance").count()


def test_demo_people_follow_guidance_and_the_lead_has_news():
    call_command("load_demo_data", allow_production=True)
    lead = User.objects.get(email="lead@demo.example.gov.uk")
    member = User.objects.get(email="member@demo.example.gov.uk")
    assert Subscription.objects.filter(user=lead, document=None, section=None).exists()
    assert Subscription.objects.filter(user=member).count() == 2
    assert Notification.objects.filter(user=lead, read_at=None).exists()


def test_demo_guidance_pages_render(client):
    call_command("load_demo_data", allow_production=True)
    client.force_login(User.objects.get(email="project.team@demo.example.gov.uk"))
    listing = client.get(reverse("guidance:document_list"))
    assert "Monitoring: sexual orientation and gender identity data" in text(listing)
    review = text(client.get(reverse("guidance:review_list")))
    assert "Monitoring: sexual orientation and gender identity data" in review
    assert "Overdue by 45 days" in review
    for document in Document.objects.all():
        response = client.get(document.get_absolute_url(), follow=True)
        assert response.status_code == 200, document.slug
        assert_safe_html(response.content.decode())
        updates = client.get(reverse("guidance:document_updates", kwargs={"slug": document.slug}))
        assert updates.status_code == 200


def test_demo_loads_without_sections_or_project_team():
    from random import Random

    from guidance.documents import demo

    demo.load(Random(1))
    assert not Document.objects.exists()
