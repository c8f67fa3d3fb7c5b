from django import template
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import mark_safe

from guidance import selectors
from guidance.selectors import MARK_END, MARK_START
from submissions.compare.version import CACHE_SECONDS

register = template.Library()

# How many entries a comparison page lists before linking to the section's full list.
SECTION_GOOD_PRACTICE_LIMIT = 10


@register.filter
def highlighted(text):
    """Escape an excerpt, then turn its match markers into <mark> elements."""
    escaped = escape(text or "")
    return mark_safe(  # noqa: S308 (escaped above; only the markers become tags)
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


@register.inclusion_tag("guidance/includes/section_good_practice.html", takes_context=True)
def section_good_practice(context, section, leaders=(), heading_level=2):
    """Published good practice for a section, for a page of another app (who did this well).

    Includes entries for the sections it continues in earlier rounds, marked as such; entries
    of the ``leaders`` (objects with an organisation ``slug``) come first. Nothing for someone
    signed out. The list is the same for everyone, so its rendering is cached under the
    guidance version and the entries are read only when it is missing.
    """
    request = context.get("request")
    if section is None or request is None or not request.user.is_authenticated:
        return {"shown": False}
    leader_slugs = sorted(leader.slug for leader in leaders)

    def listing():
        lineage = selectors.section_lineage(section)
        entries = selectors.section_entries(
            section=section, leader_slugs=leader_slugs, lineage=lineage
        )[: SECTION_GOOD_PRACTICE_LIMIT + 1]
        entries = selectors.with_earlier_sections(list(entries), lineage)
        return {
            "entries": entries[:SECTION_GOOD_PRACTICE_LIMIT],
            "more": len(entries) > SECTION_GOOD_PRACTICE_LIMIT,
        }

    return {
        "shown": True,
        "section": section,
        "listing": SimpleLazyObject(listing),
        "version": selectors.library_version(request),
        "leaders_key": " ".join(leader_slugs),
        "cache_seconds": CACHE_SECONDS,
        "heading_level": heading_level,
    }
