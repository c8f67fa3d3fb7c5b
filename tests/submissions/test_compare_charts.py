"""Chart geometry: where bars, ticks, labels and lines go, worked out by hand."""

from decimal import Decimal

from submissions.compare.charts import (
    VALUE_CHARACTER_WIDTH,
    BarChart,
    Pattern,
    line_chart,
    value_label,
)


def bars(**overrides):
    arguments = {
        "chart_id": "c",
        "title": "Title",
        "description": "Description",
        "series_names": ["Score"],
        "category_count": 3,
    }
    return BarChart.layout(**{**arguments, **overrides})


def test_one_series_frame_without_reference_lines_starts_near_the_top():
    chart = bars()
    # Rows of 12 + 4 below a top margin of 14; the axis labels need 30 below the last row.
    assert (chart.top, chart.group, chart.width) == (14, 16, 750)
    assert chart.height == 14 + 3 * 16 + 30
    assert chart.legend == []
    assert chart.patterns == []
    assert chart.axis.x1 == chart.axis.x2 == 280
    assert (chart.axis.y1, chart.axis.y2) == (10, 62)


def test_ticks_divide_the_bar_area_into_quarters_of_the_maximum():
    chart = bars()
    assert [tick.line.x1 for tick in chart.ticks] == [280, 375, 470, 565, 660]
    assert [tick.label.text for tick in chart.ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert {tick.label.y for tick in chart.ticks} == {62 + 16}
    fifty = bars(maximum=Decimal(50), unit=" marks")
    assert [tick.label.text for tick in fifty.ticks] == [
        "0 marks",
        "12.5 marks",
        "25 marks",
        "37.5 marks",
        "50 marks",
    ]
    assert [tick.line.x1 for tick in fifty.ticks] == [280, 375, 470, 565, 660]


def test_bar_length_is_the_share_of_the_maximum_and_stops_at_the_axis_end():
    chart = bars()
    row = chart.row(1, "Office for Rail & Road", [Decimal("62.50")])
    (bar,) = row.bars
    # 62.5% of 380 is 237.5; the second row starts one group (16) below the top (14).
    assert (bar.x, bar.y, bar.width, bar.height) == (280, 30, 237.5, 10)
    assert bar.label.text == "63%"
    assert (bar.label.x, bar.label.y) == (280 + 237.5 + 4, 30 + 12 - 3)
    assert (row.label.text, row.label.x, row.label.y) == ("Office for Rail & Road", 272, 40.0)
    (over,) = chart.row(0, "Over", [Decimal("130")]).bars
    assert over.width == 380
    assert over.label.text == "130%"


def test_a_missing_value_is_written_out_rather_than_drawn_as_zero():
    chart = bars(missing_label="no score, or not enough organisations have shared")
    (bar,) = chart.row(2, "Procurement", [None]).bars
    assert bar.missing
    assert bar.width is None
    assert bar.label.text == "no score, or not enough organisations have shared"
    assert (bar.label.x, bar.label.y) == (284, 14 + 2 * 16 + 12 - 3)


def test_several_series_get_patterns_a_legend_and_stacked_bars():
    names = [
        "Department for Levelling Up, Housing & Communities",
        "All organisations that shared",
        "Sector",
        "Top quarter by total",
    ]
    chart = bars(chart_id="profile", series_names=names)
    assert [pattern.kind for pattern in chart.patterns] == ["hatch", "stripes", "cross"]
    assert [pattern.id for pattern in chart.patterns] == ["profile-p1", "profile-p2", "profile-p3"]
    # Legend entries are 44 + 8 per letter wide and wrap when the next one would not fit.
    second = 10 + 44 + 8 * len(names[0])
    assert second + 44 + 8 * len(names[1]) <= 750
    assert [(swatch.x, swatch.y) for swatch in chart.legend] == [
        (10, 8),
        (second, 8),
        (10, 30),
        (10 + 92, 30),
    ]
    assert [swatch.fill for swatch in chart.legend] == [
        "#1d70b8",
        "url(#profile-p1)",
        "url(#profile-p2)",
        "url(#profile-p3)",
    ]
    assert chart.legend[0].name.text == names[0]
    assert (chart.legend[1].name.x, chart.legend[1].name.y) == (second + 24, 8 + 12)
    # Below a two-line legend (30 + 22 = 52, plus 10); rows of four 14-high bars and a gap.
    assert (chart.top, chart.group) == (62, 66)
    row = chart.row(1, "2. Employee Lifecycle", [Decimal(50), Decimal(40), None, Decimal(100)])
    assert [bar.y for bar in row.bars] == [128, 142, 156, 170]
    assert [bar.width for bar in row.bars] == [190, 152, None, 380]
    assert [bar.stroke for bar in row.bars] == ["#1d70b8", "#0b0c0c", "#00703c", "#4c2c92"]


def test_reference_lines_are_placed_at_their_values_and_skipped_when_withheld():
    chart = bars(reference_lines=[("Average", Decimal("25")), ("Median", Decimal("75"))])
    assert chart.top == 40
    average, median = chart.reference_lines
    assert (average.line.x1, average.dash, average.label.text) == (375, "6 3", "Average 25%")
    assert (median.line.x1, median.dash, median.label.text) == (565, "2 3", "Median 75%")
    assert (average.label.y, median.label.y) == (26, 14)
    assert (average.line.y1, average.line.y2) == (30, 40 + 3 * 16)
    withheld = bars(reference_lines=[("Average", None), ("Median", None)])
    assert withheld.reference_lines == []


def test_rows_laid_out_together_match_rows_laid_out_one_by_one():
    chart = bars().with_rows([("A", [Decimal(10)]), ("B", [None]), ("C", [Decimal(90)])])
    single = bars()
    assert chart.rows == [
        single.row(0, "A", [Decimal(10)]),
        single.row(1, "B", [None]),
        single.row(2, "C", [Decimal(90)]),
    ]


def test_line_chart_places_editions_and_percentages():
    chart = line_chart(
        chart_id="t",
        title="Trend",
        description="Totals",
        points=[
            ("2017", Decimal("50"), False, ""),
            ("2018", Decimal("25"), True, "New criteria: 2018–2020"),
            ("2019", None, False, ""),
            ("2020", Decimal("100"), False, ""),
        ],
    )
    # 50 to the left, 90 per edition, the plot 220 high from 40 down to 260.
    assert [point.x for point in chart.points] == [95, 185, 275, 365]
    assert [point.y for point in chart.points] == [150, 205, None, 40]
    assert [point.axis_label.text for point in chart.points] == ["2017", "2018", "2019", "2020"]
    assert {point.axis_label.y for point in chart.points} == {278}
    assert [point.value.text for point in chart.points if point.value] == ["50%", "25%", "100%"]
    assert (chart.width, chart.height) == (50 + 4 * 90 + 30, 40 + 220 + 50)
    assert [tick.line.y1 for tick in chart.ticks] == [260, 205, 150, 95, 40]
    assert [tick.label.text for tick in chart.ticks] == ["0%", "25%", "50%", "75%", "100%"]
    # Not joined across the new round, nor across the missing 2019.
    assert chart.segments == []
    (divider,) = chart.dividers
    assert (divider.line.x1, divider.note.text) == (140, "New criteria: 2018–2020")
    (missing,) = chart.missing
    assert (missing.text, missing.x, missing.y) == ("no figure", 275, 254)


def test_line_chart_joins_neighbours_in_one_round_and_keeps_a_minimum_width():
    chart = line_chart(
        chart_id="t",
        title="Trend",
        description="Totals",
        points=[("2018", Decimal("40"), False, ""), ("2019", Decimal("60"), False, "")],
    )
    (segment,) = chart.segments
    assert (segment.x1, segment.y1, segment.x2, segment.y2) == (95, 172, 185, 128)
    assert chart.width == 320


def test_chart_percentages_are_whole_numbers_rounded_half_up():
    assert [value_label(Decimal(value), "%") for value in ("91.67", "62.5", "0.49", "99.5")] == [
        "92%",
        "63%",
        "0%",
        "100%",
    ]
    assert value_label(Decimal("12.50"), " marks") == "12.5 marks"


def test_value_labels_move_clear_of_the_average_and_median_lines():
    # Average at 50% (x 470) and median at 55% (x 489).
    chart = bars(reference_lines=[("Average", Decimal("50")), ("Median", Decimal("55"))])
    (bar,) = chart.row(0, "Near the average", [Decimal("48")]).bars
    # The bar ends at 462.4; its label "48%" (about 20 wide) would start at 466.4, across the
    # average line at 470 and the median line at 489, so it starts after the median line.
    assert bar.width == 182.4
    assert bar.label.x == 489 + 4
    lines = [reference.line.x1 for reference in chart.reference_lines]
    for value in range(0, 101):
        (bar,) = chart.row(0, "Any", [Decimal(value)]).bars
        start = bar.label.x
        end = start + len(bar.label.text) * VALUE_CHARACTER_WIDTH
        assert not any(start - 2 <= line <= end + 2 for line in lines), value
        assert end <= chart.width
    (far,) = chart.row(0, "Far", [Decimal("20")]).bars
    assert far.label.x == 280 + 76 + 4


def test_the_viewers_own_bar_is_hatched_outlined_and_bold_and_its_label_kept_whole():
    chart = bars(highlight=True)
    assert chart.patterns[-1] == Pattern("c-own", "#0b0c0c", "own")
    long_name = "Department for Levelling Up, Housing & Communities (your organisation)"
    own = chart.row(0, long_name, [Decimal("40")], own=True)
    other = chart.row(1, "Department for Levelling Up, Housing & Communities", [Decimal("40")])
    assert own.own and not other.own
    (own_bar,), (other_bar,) = own.bars, other.bars
    assert (own_bar.fill, own_bar.stroke, own_bar.stroke_width) == ("url(#c-own)", "#0b0c0c", 3)
    assert (other_bar.fill, other_bar.stroke_width) == ("#1d70b8", 1.5)
    assert own.label.text == "Department for Le… (your organisation)"
    assert len(own.label.text) == 38
    assert other.label.text == "Department for Levelling Up, Housing…"
    assert chart.row(2, "Short (your organisation)", [None], own=True).label.text == (
        "Short (your organisation)"
    )


def test_series_without_any_value_are_left_out_and_named_once():
    chart = BarChart.of_categories(
        chart_id="p",
        title="Title",
        description="Description",
        series_names=["Own", "All", "Sector", "Top"],
        categories=[
            ("1. Policies", [Decimal(50), None, None, None]),
            ("2. Lifecycle", [None, None, None, None]),
            ("3. Networks", [Decimal(30), Decimal(20), None, None]),
        ],
    )
    assert chart.omitted == ["Sector", "Top"]
    assert chart.series_count == 2
    assert not chart.is_empty
    # Kept series keep their own colours and patterns.
    assert [swatch.fill for swatch in chart.legend] == ["#1d70b8", "url(#p-p1)"]
    labels = [bar.label.text for row in chart.rows for bar in row.bars]
    assert labels == ["50%", "no figure", "no figure", "no figure", "30%", "20%"]
    nothing = BarChart.of_categories(
        chart_id="p",
        title="Title",
        description="Description",
        series_names=["Own", "All"],
        categories=[("1. Policies", [None, None]), ("2. Lifecycle", [None, None])],
    )
    assert nothing.is_empty
    assert nothing.rows == []
    assert nothing.omitted == ["Own", "All"]
    only_sector = BarChart.of_categories(
        chart_id="p",
        title="Title",
        description="Description",
        series_names=["Own", "All", "Sector"],
        categories=[("1. Policies", [None, None, Decimal(10)])],
    )
    (bar,) = only_sector.rows[0].bars
    assert (bar.fill, bar.stroke) == ("url(#p-p2)", "#00703c")
