"""``{% cache_each %}``: a loop whose iterations are cached fragments, read in one round trip.

::

    {% load fragments %}
    {% cache_each row in rows cache_seconds "profile-row" edition.year row.key %}
      …drawn from row…
    {% endcache_each %}

is ``{% for row in rows %}{% cache cache_seconds "profile-row" edition.year row.key %}…
{% endcache %}{% endfor %}`` under the same fragment keys, but reads every iteration's
fragment with one ``get_many`` and writes those it drew with one ``set_many``: a page of
twenty cached rows costs the cache one request, not twenty. As with ``{% cache %}``, the
fragment name is the tag's word as written (quotes and all), so either tag reads what the other
stored. There is no ``forloop``.
"""

from django import template
from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.utils import make_template_fragment_key

register = template.Library()


def _fragment_cache():
    try:
        return caches["template_fragments"]
    except InvalidCacheBackendError:
        return caches["default"]


class CacheEachNode(template.Node):
    def __init__(self, nodelist, name, sequence, timeout, fragment, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.sequence = sequence
        self.timeout = timeout
        self.fragment = fragment
        self.vary_on = vary_on

    def render(self, context):
        items = list(self.sequence.resolve(context, ignore_failures=True) or [])
        timeout = self.timeout.resolve(context)
        keys = []
        for item in items:
            with context.push({self.name: item}):
                keys.append(
                    make_template_fragment_key(
                        self.fragment, [var.resolve(context) for var in self.vary_on]
                    )
                )
        fragment_cache = _fragment_cache()
        found = fragment_cache.get_many(keys) if keys else {}
        drawn = {}
        parts = []
        for item, key in zip(items, keys, strict=True):
            if key not in found and key not in drawn:
                with context.push({self.name: item}):
                    drawn[key] = self.nodelist.render(context)
            parts.append(found.get(key, drawn.get(key)))
        if drawn:
            fragment_cache.set_many(drawn, None if timeout is None else int(timeout))
        return "".join(parts)


@register.tag
def cache_each(parser, token):
    bits = token.split_contents()
    if len(bits) < 6 or bits[2] != "in":
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes: item in sequence timeout fragment_name [vary_on …]"
        )
    nodelist = parser.parse(("endcache_each",))
    parser.delete_first_token()
    return CacheEachNode(
        nodelist,
        bits[1],
        parser.compile_filter(bits[3]),
        parser.compile_filter(bits[4]),
        bits[5],
        [parser.compile_filter(bit) for bit in bits[6:]],
    )
