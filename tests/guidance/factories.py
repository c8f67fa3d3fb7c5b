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
