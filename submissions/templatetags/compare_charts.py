"""Chart rows for a block of a section's entries, laid out only where the block is drawn."""

from django import template

from submissions.compare.section import ROWS_PER_PAGE

register = template.Library()


@register.filter
def chart_rows(block, chart):
    """The block's entries as rows of ``chart``, one bar each, at their places in the chart
    of the block's page of rows (see ``ROWS_PER_PAGE``)."""
    first = block.first_index % ROWS_PER_PAGE
    return [
        chart.row(first + offset, entry.label, [entry.percentage], own=entry.is_own)
        for offset, entry in enumerate(block.entries)
    ]
