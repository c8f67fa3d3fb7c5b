from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from guidance.selectors import MARK_END, MARK_START

register = template.Library()


@register.filter
def highlighted(text):
    """Escape an excerpt, then turn its match markers into <mark> elements."""
    escaped = escape(text or "")
    return mark_safe(  # noqa: S308 (escaped above; only the markers become tags)
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )
