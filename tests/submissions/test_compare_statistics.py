"""The arithmetic of comparisons, checked against the standard library where it can be."""

import statistics
from decimal import Decimal

import pytest

from submissions.compare.statistics import (
    anonymous_label,
    average,
    gap,
    percentage,
    quartiles,
    round_2dp,
    top_quarter_cutoff,
)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [("9.835", "9.84"), ("9.825", "9.83"), ("-0.005", "-0.01"), ("14.99666", "15.00")],
)
def test_rounding_is_half_up_to_two_places(value, rounded):
    assert round_2dp(Decimal(value)) == Decimal(rounded)
    assert round_2dp(None) is None


def test_percentage_of_the_maximum_and_nothing_without_one():
    assert percentage(Decimal("7.5"), Decimal("15")) == Decimal("50.00")
    assert percentage(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert percentage(None, Decimal("15")) is None
    assert percentage(Decimal("1"), Decimal("0")) is None


def test_average_is_withheld_below_the_minimum_number_of_organisations(settings):
    settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE = 3
    withheld = average(Decimal("20"), 2, Decimal("20"))
    # Nothing says how many organisations stand behind a withheld figure.
    assert (withheld.count, withheld.shown, withheld.mean) == (None, False, None)
    shown = average(Decimal("29.5"), 3, Decimal("20"))
    # The percentage is of the exact mean, 9.8333 of 20 (of the rounded 9.83 it would be 49.15).
    assert (shown.mean, shown.percentage) == (Decimal("9.83"), Decimal("49.17"))
    assert not average(Decimal(0), 0, Decimal(20)).shown
    # 50% less 49.1666...%: rounded once.
    assert gap(Decimal("10"), Decimal("20"), shown) == Decimal("0.83")
    assert gap(None, Decimal("20"), shown) is None
    assert gap(Decimal("10"), Decimal("20"), withheld) is None


@pytest.mark.parametrize(
    ("values", "cutoff"),
    [
        ([], None),
        ([Decimal(5)], Decimal(5)),
        # ceil(8 / 4) = 2: the second highest, and the tie with it is in.
        ([Decimal(n) for n in (1, 9, 3, 7, 7, 2, 4, 5)], Decimal(7)),
        ([Decimal(n) for n in (1, 2, 3, 4, 5)], Decimal(4)),
        ([Decimal(3), None, Decimal(1)], Decimal(3)),
    ],
)
def test_top_quarter_cutoff_is_the_ceil_quarter_highest(values, cutoff):
    assert top_quarter_cutoff(values) == cutoff


@pytest.mark.parametrize(
    "values",
    [
        ["7", "10", "12.5"],
        ["1", "2", "3", "4"],
        ["2.5", "2.5", "8", "9.99", "15", "15", "20"],
        ["4"],
    ],
)
def test_quartiles_are_inclusive_as_pythons_own(values):
    ordered = sorted(Decimal(value) for value in values)
    expected = (
        statistics.quantiles(ordered, n=4, method="inclusive")
        if len(ordered) > 1
        else [ordered[0]] * 3
    )
    assert tuple(round_2dp(value) for value in quartiles(ordered)) == tuple(
        round_2dp(value) for value in expected
    )


@pytest.mark.parametrize(
    ("index", "label"),
    [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")],
)
def test_anonymous_labels_count_in_letters(index, label):
    assert anonymous_label(index) == f"Organisation {label}"
