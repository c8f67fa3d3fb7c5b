"""Guidance shown on other apps' pages, which load these tags rather than import guidance.

{% load guidance_documents %}
{% section_guidance section %}   published guidance for a section (entry, comparisons)
{% dashboard_guidance %}         the person's guidance news (the dashboard)
"""

from django import template
from django.utils.functional import SimpleLazyObject

from guidance.documents import selectors, services
from guidance.selectors import library_version
from submissions.compare.version import CACHE_SECONDS

register = template.Library()


@register.inclusion_tag("guidance/documents/includes/section_guidance.html", takes_context=True)
def section_guidance(context, section, heading_level=2):
    """Published guidance that supports the section, or nothing for someone signed out. The
    same for everyone, so its rendering is cached under the guidance version and the
    documents are read only when it is missing."""
    request = context.get("request")
    if section is None or request is None or not request.user.is_authenticated:
        return {"shown": False}
    return {
        "shown": True,
        "section": section,
        "documents": SimpleLazyObject(lambda: list(selectors.section_guidance(section))),
        "version": library_version(request),
        "cache_seconds": CACHE_SECONDS,
        "heading_level": heading_level,
    }


@register.inclusion_tag("guidance/documents/includes/dashboard_guidance.html", takes_context=True)
def dashboard_guidance(context, heading_level=2):
    """Unread notifications, guidance updated since the last visit, drafts to review."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"shown": False}
    since = services.dashboard_visit_record(user=request.user, session=request.session)
    return {
        "shown": True,
        "since": since,
        "heading_level": heading_level,
        **selectors.dashboard_guidance(user=request.user, since=since),
    }
