"""The pagination every long list shares: the pages around the current one, both ends, gaps
between them, and the request's own query string kept in every link."""

import re

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def pagination(page_number, pages=30, query="q=Culture%2C+Media+%26+Sport&sort=title"):
    request = RequestFactory().get(f"/good-practice/?{query}&page={page_number}")
    request.user = AnonymousUser()
    page = Paginator(range(pages * 10), 10).get_page(page_number)
    return render_to_string("includes/pagination.html", {"page_obj": page}, request=request)


def numbers(html):
    """The page numbers and gaps the links show, in order ("…" for a gap)."""
    return [
        "…" if "ellipses" in item else re.search(r">(\d+)</a>", item).group(1)
        for item in re.findall(r'<li class="govuk-pagination__item.*?</li>', html, re.S)
    ]


def test_pages_around_the_current_one_and_at_both_ends_with_gaps_between():
    html = pagination(20)
    assert numbers(html) == ["1", "2", "…", *map(str, range(17, 24)), "…", "29", "30"]
    current = re.findall(r'<a [^>]*aria-current="page"[^>]*>(\d+)</a>', html)
    assert current == ["20"]
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_every_link_keeps_the_query_string_and_changes_only_the_page():
    html = pagination(20)
    links = re.findall(r'href="([^"]+)"', html)
    assert links
    for link in links:
        assert link.startswith("?q=Culture%2C+Media+%26+Sport&amp;sort=title&amp;page=")
    assert "?q=Culture%2C+Media+%26+Sport&amp;sort=title&amp;page=19" in links  # previous
    assert "?q=Culture%2C+Media+%26+Sport&amp;sort=title&amp;page=21" in links  # next
    # Hostile query strings are escaped, never markup.
    html = pagination(2, query="q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22")
    assert "<script>" not in html and 'alert(1)</script>"' not in html


def test_few_pages_show_every_number_and_one_page_shows_no_pagination():
    assert numbers(pagination(1, pages=8)) == [str(n) for n in range(1, 9)]
    assert numbers(pagination(8, pages=8))[-1] == "8"
    assert pagination(1, pages=1).strip() == ""
