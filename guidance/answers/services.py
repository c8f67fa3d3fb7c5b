"""Writes about section results' answers and the standard responses they use.

The answer lives on the section result (submissions); which revision it used lives here, in
``AnswerSource``. Each write moves the data version: answers feed the consistency report,
cached under it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from guidance.models import AnswerSource, Revision
from networks.models import User
from networks.services import data_version_bump
from submissions.models import Section, SectionResult, Submission


def _require_editor(by, submission):
    if not by.has_perm("submissions.change_submission", submission):
        raise PermissionDenied("You cannot enter answers for this submission.")


@transaction.atomic
def answer_use_standard_response(
    *, submission: Submission, section: Section, revision: Revision, by: User
) -> SectionResult:
    """Fill the section's answer with the standard response's text and record the revision.

    Only the published revision of the section's own standard response is accepted: a
    revision of another section's, or one since replaced, is refused and nothing changes.
    """
    _require_editor(by, submission)
    document = revision.document
    if not (
        document.is_standard_response
        and document.section_id == section.pk
        and document.is_published
        and document.current_revision_id == revision.pk
    ):
        raise ValidationError(
            "Use the standard response published for this section: it may have changed "
            "since you opened the page"
        )
    result = SectionResult.objects.filter(submission=submission, section=section).first()
    if result is None:
        result = SectionResult(submission=submission, section=section)
    else:
        # A section form opened before this is refused rather than overwriting the answer.
        result.lock_version += 1
    result.answer = revision.body
    result.full_clean()
    result.save()
    source = AnswerSource.objects.filter(result=result).first() or AnswerSource(result=result)
    source.revision = revision
    source.used_by = by
    source.used_at = timezone.now()
    source.dismissed_revision = None
    source.full_clean()
    source.save()
    data_version_bump(submission.edition.year, section=section.number)
    return result


@transaction.atomic
def answer_newer_dismiss(*, result: SectionResult, by: User) -> AnswerSource:
    """Keep the answer as it is: the notice of a newer standard response goes away until a
    later major revision."""
    _require_editor(by, result.submission)
    source = AnswerSource.objects.select_related("revision__document").get(result=result)
    source.dismissed_revision_id = source.revision.document.latest_major_revision_id
    source.full_clean()
    source.save(update_fields=["dismissed_revision"])
    return source


@transaction.atomic
def answer_sources_copy(*, pairs) -> int:
    """Carry the revision each copied answer used, where the copy's section is the same (a
    standard response belongs to one section of one round)."""
    sources = {
        source.result_id: source
        for source in AnswerSource.objects.filter(result__in=[old for old, _ in pairs])
    }
    copied = 0
    for old, new in pairs:
        source = sources.get(old.pk)
        if source is None or new.section_id != old.section_id or new.answer != old.answer:
            continue
        AnswerSource.objects.create(
            result=new,
            revision_id=source.revision_id,
            used_by_id=source.used_by_id,
            used_at=source.used_at,
            dismissed_revision_id=source.dismissed_revision_id,
        )
        copied += 1
    return copied
