"""``{% cache_each %}``: each item's fragment cached as ``{% cache %}`` caches it, in one read."""

import pytest
from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError

EACH = Template(
    "{% load fragments %}"
    '{% cache_each row in rows 60 "rows" year row.key %}<li>{{ row.name }}</li>{% endcache_each %}'
)
FOR_CACHE = Template(
    "{% load cache %}"
    '{% for row in rows %}{% cache 60 "rows" year row.key %}<li>{{ row.name }}</li>{% endcache %}'
    "{% endfor %}"
)
ROWS = [
    {"key": "a", "name": "Health & Safety"},
    {"key": "b", "name": "<script>alert('x')</script>"},
    {"key": "c", "name": 'Allies\' network, "named"'},
]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def calls(monkeypatch):
    """The requests made of the cache, by method (not those a backend makes of itself to
    answer one: the local-memory cache's get_many calls its get)."""
    seen = []
    inside = []
    for method in ("get", "set", "get_many", "set_many"):
        real = getattr(cache, method)

        def counted(*args, _real=real, _method=method, **kwargs):
            if not inside:
                seen.append(_method)
            inside.append(_method)
            try:
                return _real(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, method, counted)
    return seen


def render(template, rows, year=2024):
    return template.render(Context({"rows": rows, "year": year}))


def test_draws_what_a_loop_of_cache_tags_draws_escaped_in_one_read_and_one_write(calls):
    drawn = render(EACH, ROWS)

    assert drawn == render(FOR_CACHE, ROWS)  # read back from what cache_each stored
    assert "<li>Health &amp; Safety</li>" in drawn
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in drawn
    assert "<script>" not in drawn
    # cache_each: one read, one write; then the loop of cache tags read each row.
    assert calls == ["get_many", "set_many", "get", "get", "get"]


def test_reads_fragments_stored_by_the_cache_tag_and_draws_only_the_missing(calls):
    render(FOR_CACHE, ROWS[:2])
    calls.clear()
    changed = [*ROWS[:2], {"key": "c", "name": "New & third"}]

    assert render(EACH, changed).endswith("<li>New &amp; third</li>")
    assert calls == ["get_many", "set_many"]
    calls.clear()
    # Cached under what varies: the same key gives the stored row, whatever the item holds.
    stale = [{"key": "a", "name": "Not drawn again"}]
    assert render(EACH, stale) == "<li>Health &amp; Safety</li>"
    assert calls == ["get_many"]
    # Another year is another fragment.
    assert render(EACH, stale, year=2025) == "<li>Not drawn again</li>"


def test_equal_items_are_drawn_once_and_an_empty_sequence_asks_nothing(calls):
    assert render(EACH, [ROWS[0], ROWS[0]]) == "<li>Health &amp; Safety</li>" * 2
    assert calls == ["get_many", "set_many"]
    calls.clear()
    assert render(EACH, []) == render(EACH, None) == ""
    assert calls == []


@pytest.mark.parametrize(
    "tag",
    ["{% cache_each row rows 60 'x' %}", "{% cache_each row in rows 60 %}"],
)
def test_a_malformed_tag_says_what_it_takes(tag):
    with pytest.raises(TemplateSyntaxError, match="item in sequence timeout fragment_name"):
        Template("{% load fragments %}" + tag + "{% endcache_each %}")
