import pytest

from guidance.markdown import plain_text, render_markdown
from tests.guidance.safety import assert_safe_html

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://example.com></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)">',
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_inert(source):
    html = render_markdown(f"Before\n\n{source}\n\nAfter")
    assert_safe_html(html)
    assert "<script" not in html


def test_markdown_gets_govuk_classes_and_headings_start_below_the_page_heading():
    html = render_markdown(
        "# Heading\n\nSome *text* and a [link](https://example.gov.uk).\n\n- one\n- two"
    )
    assert '<h2 class="govuk-heading-m">Heading</h2>' in html
    assert '<p class="govuk-body">' in html
    assert 'class="govuk-list govuk-list--bullet"' in html
    assert 'href="https://example.gov.uk"' in html
    assert 'class="govuk-link"' in html
    assert 'rel="noopener noreferrer"' in html


def test_mailto_links_are_kept():
    assert 'href="mailto:spectrum@example.gov.uk"' in render_markdown(
        "[Email us](mailto:spectrum@example.gov.uk)"
    )


def test_plain_text_drops_markup_and_keeps_words():
    assert plain_text("## Allies & friends\n\n**Bold** move") == "Allies & friends\nBold move"


def test_headings_never_skip_a_level_below_the_page_heading():
    html = render_markdown("## What we did\n\ntext\n\n#### Detail\n\n## Why it worked\n\n### More")
    assert [tag for tag in ("h2", "h3", "h4") if f"<{tag}" in html] == ["h2", "h3"]
    assert '<h2 class="govuk-heading-m">What we did</h2>' in html
    assert '<h3 class="govuk-heading-s">Detail</h3>' in html
    assert '<h3 class="govuk-heading-s">More</h3>' in html
