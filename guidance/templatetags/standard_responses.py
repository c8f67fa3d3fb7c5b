"""Standard responses and marking consistency on submissions' pages, which load these tags
rather than import guidance.

{% load standard_responses %}
{% section_standard_response submission section result %}   the entry page: the model
    answer, "use this answer", a newer version's notice, and how the answer's marks compare
{% profile_answer_matches organisation_id edition_id year %}   the comparison profile:
    each section's matches
"""

from django import template
from django.conf import settings

from guidance.answers import selectors
from guidance.apps import consistency_thresholds
from guidance.consistency import report
from guidance.models import AnswerSource
from submissions.compare.version import cached, edition_version
from submissions.models import EditionSection, SectionResult

register = template.Library()


def _answer_matches(organisation_id, edition_id, version):
    # One query when the organisation answered nothing; the reports come from the cache.
    results = dict(
        SectionResult.objects.filter(
            submission__organisation_id=organisation_id, submission__edition_id=edition_id
        )
        .exclude(answer="", answer_source__isnull=True)
        .values_list("section_id", "pk")
    )
    if not results:
        return []
    maxima = (
        EditionSection.objects.filter(edition_id=edition_id, section_id__in=results)
        .select_related("edition", "section")
        .order_by("section__number")
    )
    matches = []
    for maximum in maxima:
        match = report.lead_match(
            report.section_report(maximum, version=version),
            result_id=results[maximum.section_id],
            organisation_id=organisation_id,
            minimum=_minimum(),
        )
        if match is not None:
            matches.append(match)
    return matches


def _answering_organisations(edition_id):
    """Ids of the organisations that answered any section of the edition (in their own words
    or with a standard response), in one query that reads only answered results (an index
    holds those in their own words; standard responses' uses are a table of their own)."""
    in_own_words = (
        SectionResult.objects.filter(submission__edition_id=edition_id)
        .exclude(answer="")
        .order_by()
        .values_list("submission__organisation_id", flat=True)
    )
    with_a_standard_response = (
        AnswerSource.objects.filter(result__submission__edition_id=edition_id)
        .order_by()
        .values_list("result__submission__organisation_id", flat=True)
    )
    return frozenset(in_own_words.union(with_a_standard_response).order_by())


def _minimum():
    return settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE


def _is_own(user, organisation_id):
    return user.is_authenticated and organisation_id in user.organisation_ids()


@register.inclusion_tag(
    "guidance/answers/includes/section_standard_response.html", takes_context=True
)
def section_standard_response(context, submission, section, result=None, heading_level=2):
    request = context.get("request")
    if request is None or not request.user.is_authenticated or section is None:
        return {"shown": False}
    user = request.user
    document = selectors.section_standard_response(section)
    source = selectors.answer_source(result)
    newer = None
    if source is not None:
        latest = source.revision.document.latest_major_revision
        if (
            latest is not None
            and latest.number > source.revision.number
            and source.dismissed_revision_id != latest.pk
        ):
            newer = latest
    match = None
    if result is not None and result.pk and _is_own(user, submission.organisation_id):
        maximum = EditionSection.objects.select_related("edition", "section").get(
            edition_id=submission.edition_id, section_id=section.pk
        )
        match = report.lead_match(
            report.section_report(maximum, version=edition_version(request, maximum.edition.year)),
            result_id=result.pk,
            organisation_id=submission.organisation_id,
            minimum=_minimum(),
        )
    return {
        "shown": True,
        "submission": submission,
        "section": section,
        "document": document,
        "revision": document.current_revision if document else None,
        "source": source,
        "newer": newer,
        "match": match,
        "minimum": _minimum(),
        "can_use": user.has_perm("submissions.change_submission", submission),
        "heading_level": heading_level,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag(
    "guidance/answers/includes/profile_answer_matches.html", takes_context=True
)
def profile_answer_matches(context, organisation_id, edition_id, year, heading_level=2):
    """For the organisation's own people: each section where its answer matched others'.
    The same for all of them, so it is cached under the edition's version."""
    request = context.get("request")
    if request is None or not _is_own(request.user, organisation_id):
        return {"matches": []}
    version = edition_version(request, year)
    # Most organisations answer nothing here: one entry for the edition says which did, so a
    # change to the edition costs one query rather than one for each organisation's profile.
    answering = cached(
        f"answering-organisations:{edition_id}",
        lambda: _answering_organisations(edition_id),
        version=version,
    )
    if organisation_id not in answering:
        return {"matches": []}
    thresholds = ":".join(str(value) for value in consistency_thresholds().values())
    matches = cached(
        f"answer-matches:{thresholds}:{organisation_id}:{edition_id}",
        lambda: _answer_matches(organisation_id, edition_id, version),
        version=version,
    )
    return {"matches": matches, "minimum": _minimum(), "heading_level": heading_level}
