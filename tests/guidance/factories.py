import datetime

import factory
from django.utils import timezone

from guidance.models import Attachment, GoodPracticeEntry
from tests.networks.factories import NetworkFactory, UserFactory

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPracticeEntry

    title = factory.Sequence(lambda n: f"Reverse mentoring for senior leaders {n}")
    summary = "Senior leaders were mentored by junior LGBT+ colleagues for six months."
    body = "## What we did\n\nWe paired **twelve directors** with network members."
    network = factory.SubFactory(NetworkFactory)
    author = factory.SubFactory(UserFactory)
    status = GoodPracticeEntry.Status.DRAFT


class PublishedEntryFactory(EntryFactory):
    status = GoodPracticeEntry.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    entry = factory.SubFactory(EntryFactory)
    file_name = "mentoring-evaluation.pdf"
    content_type = "application/pdf"
    data = PDF_BYTES
    size = len(PDF_BYTES)


# Guidance documents are built through the services, so every fixture is in a state the
# portal itself can reach (numbered revisions, lock versions, review records).

GUIDANCE_BODY = (
    "## What the marker looks for\n\n"
    "Evidence that **every** policy names same-sex partners & trans staff, "
    "with a review date.\n\n"
    "## How to evidence it\n\n"
    "- Link each policy in the Stonewall portal\n"
    "- Quote the sentence that applies\n"
)


def document_draft(*, by, title="Evidencing your policies", sections=(), owner=None, **fields):
    from guidance.documents import services

    return services.document_create(
        by=by,
        title=title,
        summary=fields.pop(
            "summary", "What Stonewall's marker expects to see, section by section."
        ),
        body=fields.pop("body", GUIDANCE_BODY),
        sections=sections,
        owner=owner or by,
        review_due=fields.pop("review_due", timezone.localdate() + datetime.timedelta(days=300)),
        standard_response_for=fields.pop("standard_response_for", None),
        evidence=fields.pop("evidence", ""),
    )


def document_publish(document, *, by, change_type="major", change_note="First published.", **kw):
    from guidance.documents import services

    document.refresh_from_db()
    return services.revision_publish(
        document=document,
        by=by,
        lock_version=document.lock_version,
        change_type=change_type,
        change_note=change_note,
        **kw,
    )


def document_edit(document, *, by, **changes):
    from guidance.documents import services

    document.refresh_from_db()
    source = document.open_draft() or document.current_revision
    return services.draft_save(
        document=document,
        by=by,
        lock_version=document.lock_version,
        title=changes.get("title", source.title),
        summary=changes.get("summary", source.summary),
        body=changes.get("body", source.body),
        sections=changes.get("sections", list(source.sections.all())),
    )
