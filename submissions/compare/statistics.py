"""The arithmetic of comparisons, in one place so that its rules are easy to change.

Percentages, gaps and spreads are computed from exact values and rounded once, half up, to two
places for display. An average over fewer organisations than the setting
``MINIMUM_ORGANISATIONS_FOR_AVERAGE`` is withheld: it would reveal them.
"""

import math
import string
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
NOT_ENOUGH = "not enough organisations have shared"


def round_2dp(value):
    """Round half up to 2 decimal places (None stays None)."""
    if value is None:
        return None
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def percentage(score, maximum):
    """A score as a percentage of its maximum, to 2 decimal places; None without either."""
    if score is None or not maximum:
        return None
    return round_2dp(Decimal(score) * HUNDRED / Decimal(maximum))


def minimum_organisations():
    return settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE


@dataclass(frozen=True)
class Average:
    """A mean over ``count`` organisations; ``mean`` is None when too few have shared."""

    count: int
    mean: Decimal | None = None
    percentage: Decimal | None = None

    @property
    def shown(self):
        return self.mean is not None


def average(total, count, maximum):
    """The mean of ``count`` scores adding up to ``total``, rounded, and its percentage of
    ``maximum`` (of the rounded mean); withheld below the minimum number of organisations."""
    if not count or count < minimum_organisations():
        return Average(count)
    mean = round_2dp(Decimal(total) / count)
    return Average(count, mean, percentage(mean, maximum))


def gap(own_percentage, other):
    """Percentage points between a percentage and an average's, or None if either is missing."""
    if own_percentage is None or not other.shown:
        return None
    return own_percentage - other.percentage


def top_quarter_cutoff(values):
    """The lowest value still in the top quarter: the ceil(n / 4)-th highest, or None.

    Ties at the boundary are all in the top quarter.
    """
    ordered = sorted((value for value in values if value is not None), reverse=True)
    if not ordered:
        return None
    return ordered[math.ceil(len(ordered) / 4) - 1]


def quantile(ordered, fraction):
    """The inclusive quantile of sorted Decimals (linear interpolation, as Excel QUARTILE.INC)."""
    position = (len(ordered) - 1) * Decimal(fraction)
    lower = int(position)
    if lower + 1 >= len(ordered):
        return ordered[lower]
    return ordered[lower] + (ordered[lower + 1] - ordered[lower]) * (position - lower)


def quartiles(ordered):
    """Lower quartile, median and upper quartile of sorted Decimals, each rounded."""
    return tuple(round_2dp(quantile(ordered, fraction)) for fraction in ("0.25", "0.5", "0.75"))


def anonymous_label(index):
    """ "Organisation A", "B", ... "Z", "AA", "AB", ... for the index-th anonymous organisation
    on a page (from 0), so a label means nothing on another page."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return f"Organisation {letters}"
