"""Markdown to GOV.UK-styled HTML that is safe to show whatever was typed."""

from html import unescape

import nh3
from markdown_it import MarkdownIt

# Raw HTML is off, so typed tags come out as text; nh3 is the second line of defence.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "code", "pre",
    "blockquote", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"scope"}, "ol": {"start"}}
GOVUK_CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "code": "portal-code",
}


def _shift_headings(tokens):
    """The page has its own h1: the text's top headings become h2, and no heading is more
    than one level below the one before it (h2 then h4 becomes h2 then h3), down to h4."""
    levels = [int(token.tag[1]) for token in tokens if token.type == "heading_open"]
    if not levels:
        return
    top, previous, level = min(levels), 1, 2
    for token in tokens:
        if token.type == "heading_open":
            level = min(int(token.tag[1]) - top + 2, previous + 1, 4)
            previous = level
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{level}"


def render_markdown(source):
    tokens = _markdown.parse(source or "")
    _shift_headings(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values={tag: {"class": value} for tag, value in GOVUK_CLASSES.items()},
    )


def plain_text(source):
    """The words of a Markdown source without its markup, for excerpts and feeds."""
    return unescape(nh3.clean(_markdown.render(source or ""), tags=set())).strip()
