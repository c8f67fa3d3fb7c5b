"""Reads about standard responses and the answers that use them."""

from django.db.models import Prefetch

from guidance.models import AnswerSource, Document, Revision
from submissions.models import CriteriaRound, Section


def section_standard_response(section):
    """The section's published standard response with its revision, or None."""
    return (
        Document.objects.published()
        .filter(kind=Document.Kind.STANDARD_RESPONSE, section=section)
        .select_related("current_revision", "latest_major_revision")
        .order_by("pk")
        .first()
    )


def answer_source(result):
    if result is None or result.pk is None:
        return None
    return (
        AnswerSource.objects.filter(result=result)
        .select_related("revision", "revision__document__latest_major_revision")
        .first()
    )


def standard_responses_by_round(*, include_drafts=False):
    """Criteria rounds, newest first, each with its sections and their standard responses
    (published ones; every one but withdrawn for the project team)."""
    documents = Document.objects.filter(kind=Document.Kind.STANDARD_RESPONSE)
    if include_drafts:
        documents = documents.exclude(status=Document.Status.WITHDRAWN)
    else:
        documents = documents.published()
    documents = documents.select_related("current_revision", "latest_major_revision").order_by(
        "pk"
    )
    sections = Section.objects.order_by("number").prefetch_related(
        Prefetch("standard_responses", queryset=documents)
    )
    return CriteriaRound.objects.order_by("-first_year").prefetch_related(
        Prefetch("sections", queryset=sections)
    )


def usable_revisions(section):
    """Revisions an answer to ``section`` may be based on: its standard response's
    published ones."""
    return Revision.objects.published().filter(
        document__kind=Document.Kind.STANDARD_RESPONSE,
        document__section=section,
        document__status=Document.Status.PUBLISHED,
    )
