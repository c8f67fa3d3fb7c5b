"""Geometry of the comparison charts: positions, bar lengths, ticks and label positions.

``templates/submissions/compare/charts.html`` draws them as inline SVG, so charts need no
JavaScript and the template engine escapes every label. Each chart has a title and a
description, writes every value out in text, and tells series apart by pattern as well as
colour (GOV.UK colours with at least 3:1 contrast on white). The Content-Security-Policy
forbids style attributes, so the template uses presentation attributes only. Charts take
labels already decided by the read models; they never look anything up.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from itertools import pairwise

from submissions.compare.version import digest

# (colour, pattern): solid, diagonal hatching, horizontal stripes, crossed lines.
SERIES = [("#1d70b8", "solid"), ("#0b0c0c", "hatch"), ("#00703c", "stripes"), ("#4c2c92", "cross")]
# The viewer's own bar: dense black hatching and a thick outline, its category label in bold.
OWN = ("#0b0c0c", "own")
OWN_STROKE_WIDTH = 3
HUNDRED = Decimal(100)
TICKS = range(0, 101, 25)
# Widths of text in Arial, generously: the average character is about 0.55 of the font size.
CATEGORY_CHARACTERS = 38  # 13 px labels in the 280 units left of the bars
VALUE_CHARACTER_WIDTH = 6.5  # 11 px value labels


def _at(value):
    """A coordinate, to a tenth of a unit."""
    return round(float(value), 1)


def value_label(value, unit):
    """A figure on a chart: whole percentages (the tables beside charts have two places)."""
    if unit == "%":
        return f"{Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"
    return f"{Decimal(value).normalize():f}{unit}"


def fit_category(text, limit=CATEGORY_CHARACTERS):
    """A category label short enough for the space left of the bars. A trailing note in
    brackets, such as "(your organisation)", is kept whole and the name before it shortened."""
    if len(text) <= limit:
        return text
    found = re.fullmatch(r"(.*?)( \([^()]*\))", text)
    note = found.group(2) if found and len(found.group(2)) < limit - 8 else ""
    name = text[: len(text) - len(note)]
    return name[: limit - len(note) - 1].rstrip() + "…" + note


def label_clear_of(x, text, lines):
    """Where a value label starting at ``x`` goes so that no vertical line at ``lines`` runs
    through it: just after the last line it would cross."""
    for line_x in sorted(lines):
        width = len(text) * VALUE_CHARACTER_WIDTH
        if x - 2 <= line_x <= x + width + 2:
            x = _at(line_x + 4)
    return x


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Text:
    """A label and where its anchor point sits."""

    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Pattern:
    id: str
    colour: str
    kind: str  # "hatch", "stripes" or "cross"


@dataclass(frozen=True)
class Swatch:
    """A legend entry: a patterned square and the series' name."""

    x: float
    y: float
    fill: str
    stroke: str
    name: Text


@dataclass(frozen=True)
class Tick:
    line: Line
    label: Text


@dataclass(frozen=True)
class Bar:
    """One value's bar and its label; ``width`` is None for a missing value, drawn as text."""

    x: float
    y: float
    width: float | None
    height: float
    fill: str
    stroke: str
    label: Text
    stroke_width: float = 1.5

    @property
    def missing(self):
        return self.width is None


@dataclass(frozen=True)
class BarRow:
    """One category: its label and one bar per series; ``own`` for the viewer's own."""

    label: Text
    bars: list
    own: bool = False

    @cached_property
    def key(self):
        """A digest of what the row draws, to cache its rendering under."""
        return digest(self)


@dataclass(frozen=True)
class ReferenceLine:
    line: Line
    dash: str
    label: Text


def _fill(chart_id, index):
    colour, pattern = SERIES[index % len(SERIES)]
    return colour if pattern == "solid" else f"url(#{chart_id}-p{index % len(SERIES)})"


def _patterns(chart_id):
    return [
        Pattern(f"{chart_id}-p{index}", colour, kind)
        for index, (colour, kind) in enumerate(SERIES)
        if kind != "solid"
    ]


def _own_pattern(chart_id):
    return Pattern(f"{chart_id}-own", *OWN)


def _legend(chart_id, names, styles, width, y=8):
    """Swatches with their names, wrapping onto more lines; returns (swatches, height)."""
    swatches = []
    x = 10
    for name, style in zip(names, styles, strict=True):
        item_width = 44 + 8 * len(name)
        if x > 10 and x + item_width > width:
            x, y = 10, y + 22
        swatches.append(
            Swatch(
                x=x,
                y=y,
                fill=_fill(chart_id, style),
                stroke=SERIES[style % len(SERIES)][0],
                name=Text(name, x + 24, y + 12),
            )
        )
        x += item_width
    return swatches, y + 22


@dataclass
class BarChart:
    """Horizontal grouped bars: categories down the side, one bar per series.

    The frame (legend, ticks, axis, reference lines) is laid out once; rows are laid out by
    ``row()``, so a page can draw its rows in blocks.
    """

    LABEL_WIDTH = 280
    BAR_WIDTH = 380
    RIGHT = 90

    chart_id: str
    title: str
    description: str
    series_count: int
    category_count: int
    maximum: Decimal = HUNDRED
    missing_label: str = "no figure"
    unit: str = "%"
    width: int = LABEL_WIDTH + BAR_WIDTH + RIGHT
    patterns: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    axis: Line | None = None
    reference_lines: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    top: int = 14
    height: int = 0
    group: int = 0
    bar_height: int = 12
    # Each series' place in SERIES (its colour and pattern), kept when others are left out.
    styles: list = field(default_factory=list)
    # Names of series left out because they have no value in any category.
    omitted: list = field(default_factory=list)

    @classmethod
    def layout(
        cls,
        *,
        chart_id,
        title,
        description,
        series_names,
        category_count,
        maximum=HUNDRED,
        missing_label="no figure",
        reference_lines=(),
        unit="%",
        styles=None,
        highlight=False,
    ):
        """The chart's frame. ``reference_lines`` are (label, value or None), drawn as dashed
        vertical lines, for example at an average. With ``highlight``, rows may be marked as
        the viewer's own (``row(own=True)``)."""
        chart = cls(
            chart_id=chart_id,
            title=title,
            description=description,
            series_count=len(series_names),
            category_count=category_count,
            maximum=maximum,
            missing_label=missing_label,
            unit=unit,
            styles=list(styles) if styles is not None else list(range(len(series_names))),
        )
        several = len(series_names) > 1
        chart.bar_height = 14 if several else 12
        chart.group = chart.bar_height * len(series_names) + (10 if several else 4)
        legend_height = 0
        if several:
            chart.patterns = _patterns(chart_id)
            chart.legend, legend_height = _legend(
                chart_id, series_names, chart.styles, chart.width
            )
        if highlight:
            chart.patterns.append(_own_pattern(chart_id))
        if several or reference_lines:
            chart.top = max(40, legend_height + 10)
        axis_y = chart.top + chart.group * category_count
        chart.height = axis_y + 30
        for tick in TICKS:
            x = _at(cls.LABEL_WIDTH + chart.length(Decimal(tick) * maximum / HUNDRED))
            chart.ticks.append(
                Tick(
                    Line(x, chart.top - 4, x, axis_y),
                    Text(f"{tick * maximum / HUNDRED:g}{unit}", x, axis_y + 16),
                )
            )
        chart.axis = Line(cls.LABEL_WIDTH, chart.top - 4, cls.LABEL_WIDTH, axis_y)
        for index, (label, value) in enumerate(reference_lines):
            if value is None:
                continue
            x = _at(cls.LABEL_WIDTH + chart.length(value))
            chart.reference_lines.append(
                ReferenceLine(
                    Line(x, chart.top - 10, x, axis_y),
                    "6 3" if index == 0 else "2 3",
                    Text(f"{label} {value_label(value, unit)}", x, chart.top - 14 - 12 * index),
                )
            )
        return chart

    @classmethod
    def of_categories(cls, *, series_names, categories, **frame):
        """The frame and every row for ``categories``, [(category, [value or None per
        series])], leaving out series without a value in any category (named in
        ``omitted``), so that a chart says once what it cannot show rather than in every
        row."""
        categories = list(categories)
        kept = [
            index
            for index in range(len(series_names))
            if any(values[index] is not None for _category, values in categories)
        ]
        chart = cls.layout(
            series_names=[series_names[index] for index in kept],
            category_count=len(categories) if kept else 0,
            styles=kept,
            **frame,
        )
        chart.omitted = [name for index, name in enumerate(series_names) if index not in kept]
        if kept:
            chart.with_rows(
                (category, [values[index] for index in kept]) for category, values in categories
            )
        return chart

    @property
    def is_empty(self):
        """Nothing to draw: no series has a value."""
        return not self.series_count or not self.category_count

    def length(self, value):
        """A value's bar length: values beyond the maximum stop at the end of the axis."""
        return float(min(Decimal(value), self.maximum) * self.BAR_WIDTH / (self.maximum or 1))

    def row(self, index, category, values, own=False):
        """The index-th category's label and bars; ``values`` has a value or None per series.
        ``own`` marks the viewer's own row (with ``highlight`` in the layout)."""
        y = self.top + index * self.group
        lines = [reference.line.x1 for reference in self.reference_lines]
        bars = []
        for series, value in enumerate(values):
            style = self.styles[series] if series < len(self.styles) else series
            bar_y = y + series * self.bar_height
            text_y = bar_y + self.bar_height - 3
            colour = SERIES[style % len(SERIES)][0]
            if value is None:
                label = Text(self.missing_label, self.LABEL_WIDTH + 4, text_y)
                bars.append(Bar(self.LABEL_WIDTH, bar_y, None, 0, "", colour, label))
                continue
            length = _at(self.length(value))
            text = value_label(value, self.unit)
            fill, stroke_width = _fill(self.chart_id, style), 1.5
            if own:
                fill, colour = f"url(#{self.chart_id}-own)", OWN[0]
                stroke_width = OWN_STROKE_WIDTH
            bars.append(
                Bar(
                    x=self.LABEL_WIDTH,
                    y=bar_y,
                    width=length,
                    height=self.bar_height - 2,
                    fill=fill,
                    stroke=colour,
                    label=Text(
                        text,
                        label_clear_of(_at(self.LABEL_WIDTH + length + 4), text, lines),
                        text_y,
                    ),
                    stroke_width=stroke_width,
                )
            )
        label = Text(fit_category(category), self.LABEL_WIDTH - 8, _at(y + self.group / 2 + 2))
        return BarRow(label, bars, own)

    def with_rows(self, categories):
        """The chart with a row for each (category, values), from the first position."""
        self.rows = [
            self.row(index, category, values)
            for index, (category, values) in enumerate(categories)
        ]
        return self


@dataclass(frozen=True)
class LinePoint:
    """One edition on a line chart: its axis label, and its marker unless the value is
    missing (then a "no figure" note sits where the marker would be)."""

    x: float
    y: float | None
    axis_label: Text
    value: Text | None


@dataclass(frozen=True)
class Divider:
    """Where a new round of criteria starts, with a note naming it."""

    line: Line
    note: Text


@dataclass
class LineChart:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    ticks: list
    points: list
    dividers: list
    segments: list
    missing: list  # Text notes for points without a value


LINE_LEFT, LINE_STEP, LINE_TOP, LINE_PLOT_HEIGHT = 50, 90, 40, 220


def line_chart(*, chart_id, title, description, points, unit="%"):
    """A line over editions. ``points`` is [(x label, value or None, starts new round, note)].

    Lines join only neighbouring points of one round; a new round gets a dashed marker and a
    note, and a missing value leaves a gap.
    """
    left, step, top, plot_height = LINE_LEFT, LINE_STEP, LINE_TOP, LINE_PLOT_HEIGHT
    bottom = top + plot_height
    width = max(left + step * len(points) + 30, 320)
    ticks = []
    for tick in TICKS:
        y = _at(bottom - plot_height * tick / 100)
        ticks.append(Tick(Line(left, y, width - 20, y), Text(f"{tick}{unit}", left - 6, y + 4)))
    placed, dividers, missing = [], [], []
    for index, (label, value, new_round, note) in enumerate(points):
        x = _at(left + step * index + step / 2)
        y = None if value is None else _at(bottom - plot_height * float(value) / 100)
        if new_round:
            divider = _at(x - step / 2)
            dividers.append(
                Divider(
                    Line(divider, top - 10, divider, bottom),
                    Text(note, _at(divider + 4), top - 14),
                )
            )
        if value is None:
            missing.append(Text("no figure", x, bottom - 6))
        placed.append(
            LinePoint(
                x=x,
                y=y,
                axis_label=Text(label, x, bottom + 18),
                value=None if y is None else Text(value_label(value, unit), x, _at(y - 10)),
            )
        )
    segments = [
        Line(first.x, first.y, second.x, second.y)
        for (first, second), (_label, _value, new_round, _note) in zip(
            pairwise(placed), points[1:], strict=True
        )
        if first.y is not None and second.y is not None and not new_round
    ]
    return LineChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=bottom + 50,
        ticks=ticks,
        points=placed,
        dividers=dividers,
        segments=segments,
        missing=missing,
    )
