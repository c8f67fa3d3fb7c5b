"""The arithmetic of comparisons, in one place so that its rules are easy to change.

Percentages, gaps and spreads are computed from exact values and rounded once, half up, to two
places, only for display: an average's percentage is of the exact mean, never of the rounded
one, and a gap is the difference of two exact percentages. An average over fewer organisations
than the setting ``MINIMUM_ORGANISATIONS_FOR_AVERAGE`` is withheld: it would reveal them.
Which averages may be shown at all beyond that is decided in ``disclosure``.
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


def exact_percentage(score, maximum):
    """A score as a percentage of its maximum, unrounded; None without either."""
    if score is None or not maximum:
        return None
    return Decimal(score) * HUNDRED / Decimal(maximum)


def percentage(score, maximum):
    """A score as a percentage of its maximum, to 2 decimal places; None without either."""
    return round_2dp(exact_percentage(score, maximum))


def minimum_organisations():
    return settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE


@dataclass(frozen=True)
class Average:
    """A mean over ``count`` organisations, kept exact; shown rounded.

    A withheld average holds nothing, not even how many organisations stand behind it.
    """

    count: int | None = None
    exact_mean: Decimal | None = None
    exact_percentage: Decimal | None = None

    @property
    def shown(self):
        return self.exact_mean is not None

    @property
    def mean(self):
        return round_2dp(self.exact_mean)

    @property
    def percentage(self):
        return round_2dp(self.exact_percentage)


WITHHELD = Average()


def average(total, count, maximum):
    """The mean of ``count`` scores adding up to ``total``, and its percentage of ``maximum``
    (both exact, rounded when shown); withheld below the minimum number of organisations."""
    if not count or count < minimum_organisations():
        return WITHHELD
    mean = Decimal(total) / count
    return Average(count, mean, exact_percentage(mean, maximum))


def gap(score, maximum, other):
    """Percentage points between a score's percentage of ``maximum`` and an average's, from
    the exact values and rounded once; None if either is missing."""
    own = exact_percentage(score, maximum)
    if own is None or not other.shown:
        return None
    return round_2dp(own - other.exact_percentage)


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
    """Lower quartile, median and upper quartile of sorted Decimals, exact."""
    return tuple(quantile(ordered, fraction) for fraction in ("0.25", "0.5", "0.75"))


def anonymous_label(index):
    """ "Organisation A", "B", ... "Z", "AA", "AB", ... for the index-th anonymous organisation
    on a page (from 0), so a label means nothing on another page."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return f"Organisation {letters}"
