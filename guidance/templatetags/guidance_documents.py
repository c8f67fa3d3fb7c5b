"""Guidance shown on other apps' pages, which load these tags rather than import guidance.

{% load guidance_documents %}
{% section_guidance section %}   published guidance for a section (entry, comparisons)
{% dashboard_guidance %}         the person's guidance news (the dashboard)
"""

from django import template

from guidance.documents import selectors, services

register = template.Library()


@register.inclusion_tag("guidance/documents/includes/section_guidance.html", takes_context=True)
def section_guidance(context, section, heading_level=2):
    """Published guidance that supports the section, or nothing for someone signed out."""
    request = context.get("request")
    documents = []
    if section is not None and request is not None and request.user.is_authenticated:
        documents = list(selectors.section_guidance(section))
    return {"section": section, "documents": documents, "heading_level": heading_level}


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
