"""Charts drawn as inline SVG on the server, so they need no JavaScript.

Each chart has a <title> and <desc>, labels every value in text, and tells series apart by
pattern as well as colour. The colours are GOV.UK's and have at least 3:1 contrast on white.
The Content-Security-Policy forbids style attributes, so only presentation attributes are used.
Charts take labels already decided by the selectors; they never look anything up.
"""

from decimal import Decimal
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import mark_safe

TEXT = "#0b0c0c"
GREY = "#505a5f"
# (colour, pattern): solid, diagonal hatching, horizontal stripes, crossed lines.
SERIES = [("#1d70b8", "solid"), ("#0b0c0c", "hatch"), ("#00703c", "stripes"), ("#4c2c92", "cross")]
FONT = 'font-family="arial, sans-serif"'


def _fmt(value):
    return f"{value:.2f}" if value is not None else ""


def _patterns(chart_id):
    parts = ["<defs>"]
    for index, (colour, pattern) in enumerate(SERIES):
        pid = f"{chart_id}-p{index}"
        if pattern == "hatch":
            body = f'<line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="3"/>'
            transform = ' patternTransform="rotate(45)"'
        elif pattern == "stripes":
            body = f'<line x1="0" y1="1.5" x2="6" y2="1.5" stroke="{colour}" stroke-width="3"/>'
            transform = ""
        elif pattern == "cross":
            body = f'<path d="M0 0L6 6M6 0L0 6" stroke="{colour}" stroke-width="1.5"/>'
            transform = ""
        else:
            continue
        parts.append(
            f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse"{transform}>'
            f'<rect width="6" height="6" fill="#ffffff"/>{body}</pattern>'
        )
    parts.append("</defs>")
    return "".join(parts)


def _fill(chart_id, index):
    colour, pattern = SERIES[index % len(SERIES)]
    return colour if pattern == "solid" else f"url(#{chart_id}-p{index % len(SERIES)})"


def _open(chart_id, title, description, width, height):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="portal-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _legend(chart_id, names, width, y=8):
    """Swatches with their names, wrapping onto more lines; returns (markup, height)."""
    parts = []
    x = 10
    for index, name in enumerate(names):
        colour, _pattern = SERIES[index % len(SERIES)]
        item_width = 44 + 8 * len(name)
        if x > 10 and x + item_width > width:
            x, y = 10, y + 22
        parts.append(
            f'<rect x="{x}" y="{y}" width="18" height="14" fill="{_fill(chart_id, index)}" '
            f'stroke="{colour}" stroke-width="1.5"/>'
            f'<text x="{x + 24}" y="{y + 12}" font-size="13" fill="{TEXT}">{escape(name)}</text>'
        )
        x += item_width
    return "".join(parts), y + 22


class BarChart:
    """Horizontal grouped bars, drawn in three parts: the head (axes, legend), one part per
    category, and the tail (reference lines), so a cached chart can have a row redrawn."""

    label_width, bar_width, right = 280, 380, 90

    def __init__(
        self,
        *,
        chart_id,
        title,
        description,
        series_names,
        category_count,
        maximum=Decimal(100),
        missing_label="no figure",
        reference_lines=(),
        unit="%",
    ):
        self.chart_id, self.title, self.description = chart_id, title, description
        self.series_names, self.maximum, self.unit = series_names, maximum, unit
        self.missing_label, self.reference_lines = missing_label, reference_lines
        self.bar_height = 14 if len(series_names) > 1 else 12
        gap = 10 if len(series_names) > 1 else 4
        self.group = self.bar_height * len(series_names) + gap
        self.width = self.label_width + self.bar_width + self.right
        self.legend, legend_height = "", 0
        if len(series_names) > 1:
            self.legend, legend_height = _legend(chart_id, series_names, self.width)
        many = len(series_names) > 1 or reference_lines
        self.top = max(40, legend_height + 10) if many else 14
        self.height = self.top + self.group * category_count + 30
        self.axis_y = self.top + self.group * category_count
        self.scale = Decimal(self.bar_width) / (maximum or 1)

    def head(self):
        parts = [
            _open(self.chart_id, self.title, self.description, self.width, self.height),
            _patterns(self.chart_id),
            self.legend,
        ]
        for tick in range(0, 101, 25):
            x = self.label_width + float(Decimal(tick) * self.maximum / 100 * self.scale)
            parts.append(
                f'<line x1="{x:.1f}" y1="{self.top - 4}" x2="{x:.1f}" y2="{self.axis_y}" '
                f'stroke="{GREY}" stroke-width="1"/><text x="{x:.1f}" y="{self.axis_y + 16}" '
                f'font-size="12" text-anchor="middle" fill="{TEXT}">'
                f"{tick * self.maximum / 100:g}{self.unit}</text>"
            )
        return "".join(parts)

    def row(self, row, category, values):
        """One category's label and bars; ``values`` has one value or None per series."""
        label_width, bar_height = self.label_width, self.bar_height
        y = self.top + row * self.group
        parts = [
            f'<text x="{label_width - 8}" y="{y + self.group / 2 + 2:.1f}" font-size="13" '
            f'text-anchor="end" fill="{TEXT}">{escape(_shorten(category))}</text>'
        ]
        for index, value in enumerate(values):
            colour, _pattern = SERIES[index % len(SERIES)]
            bar_y = y + index * bar_height
            if value is None:
                parts.append(
                    f'<text x="{label_width + 4}" y="{bar_y + bar_height - 3}" font-size="11" '
                    f'fill="{GREY}">{escape(self.missing_label)}</text>'
                )
                continue
            length = float(min(Decimal(value), self.maximum) * self.scale)
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{length:.1f}" '
                f'height="{bar_height - 2}" fill="{_fill(self.chart_id, index)}" '
                f'stroke="{colour}" stroke-width="1.5"/><text x="{label_width + length + 4:.1f}" '
                f'y="{bar_y + bar_height - 3}" font-size="11" fill="{TEXT}">'
                f"{_fmt(value)}{self.unit}</text>"
            )
        return "".join(parts)

    def tail(self):
        label_width, top = self.label_width, self.top
        parts = [
            f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{self.axis_y}" '
            f'stroke="{TEXT}" stroke-width="1"/>'
        ]
        for index, (label, value) in enumerate(self.reference_lines):
            if value is None:
                continue
            x = label_width + float(min(Decimal(value), self.maximum) * self.scale)
            dash = "6 3" if index == 0 else "2 3"
            parts.append(
                f'<line x1="{x:.1f}" y1="{top - 10}" x2="{x:.1f}" y2="{self.axis_y}" '
                f'stroke="{TEXT}" stroke-width="2" stroke-dasharray="{dash}"/>'
                f'<text x="{x:.1f}" y="{top - 14 - 12 * index}" font-size="12" '
                f'text-anchor="middle" fill="{TEXT}">{escape(label)} '
                f"{_fmt(value)}{self.unit}</text>"
            )
        parts.append("</svg>")
        return "".join(parts)


def join_chart(head, rows, tail):
    return mark_safe(head + "".join(rows) + tail)  # noqa: S308 (every label escaped by BarChart)


def bar_chart(
    *,
    chart_id,
    title,
    description,
    categories,
    series,
    maximum=Decimal(100),
    missing_label="no figure",
    reference_lines=(),
    unit="%",
):
    """Horizontal grouped bars. ``series`` is [(name, [value or None per category])].

    ``reference_lines`` are (label, value) drawn as dashed vertical lines, for example an
    average. A missing value is written out as ``missing_label`` rather than drawn as zero.
    """
    chart = BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        series_names=[name for name, _values in series],
        category_count=len(categories),
        maximum=maximum,
        missing_label=missing_label,
        reference_lines=reference_lines,
        unit=unit,
    )
    rows = [
        chart.row(row, category, [values[row] for _name, values in series])
        for row, category in enumerate(categories)
    ]
    return join_chart(chart.head(), rows, chart.tail())


def line_chart(*, chart_id, title, description, points, unit="%"):
    """A line over editions. ``points`` is [(x label, value or None, starts new round, note)].

    Lines join only neighbouring points of one round; a new round gets a dashed marker and a
    note, and a missing value leaves a gap.
    """
    left, step, top, plot_height = 50, 90, 40, 220
    width = max(left + step * len(points) + 30, 320)
    height = top + plot_height + 50
    parts = [_open(chart_id, title, description, width, height)]
    for tick in range(0, 101, 25):
        y = top + plot_height - plot_height * tick / 100
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" stroke="{GREY}" '
            f'stroke-width="1"/><text x="{left - 6}" y="{y + 4:.1f}" font-size="12" '
            f'text-anchor="end" fill="{TEXT}">{tick}{unit}</text>'
        )
    coordinates = []
    for index, (label, value, new_round, note) in enumerate(points):
        x = left + step * index + step / 2
        y = None if value is None else top + plot_height - plot_height * float(value) / 100
        coordinates.append((x, y, new_round))
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_height + 18}" font-size="12" '
            f'text-anchor="middle" fill="{TEXT}">{escape(label)}</text>'
        )
        if new_round:
            divider = x - step / 2
            parts.append(
                f'<line x1="{divider:.1f}" y1="{top - 10}" x2="{divider:.1f}" '
                f'y2="{top + plot_height}" stroke="{TEXT}" stroke-width="2" '
                f'stroke-dasharray="6 3"/><text x="{divider + 4:.1f}" y="{top - 14}" '
                f'font-size="11" fill="{TEXT}">{escape(note)}</text>'
            )
        if value is None:
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_height - 6}" font-size="11" '
                f'text-anchor="middle" fill="{GREY}">no figure</text>'
            )
    for (x1, y1, _new), (x2, y2, new_round) in pairwise(coordinates):
        if y1 is not None and y2 is not None and not new_round:
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'stroke="{SERIES[0][0]}" stroke-width="3"/>'
            )
    for (x, y, _new), (_label, value, _round, _note) in zip(coordinates, points, strict=True):
        if y is not None:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{SERIES[0][0]}" '
                f'stroke="{TEXT}" stroke-width="1"/><text x="{x:.1f}" y="{y - 10:.1f}" '
                f'font-size="12" text-anchor="middle" fill="{TEXT}">{_fmt(value)}{unit}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every label above is escaped)


def _shorten(text, limit=38):
    return text if len(text) <= limit else text[: limit - 1] + "…"
