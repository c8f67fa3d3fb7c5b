"""Chart rows for a block of a section's entries, laid out only where the block is drawn."""

from django import template

register = template.Library()


@register.filter
def chart_rows(block, chart):
    """The block's entries as rows of ``chart``, one bar each, at their places in the chart."""
    return [
        chart.row(block.first_index + offset, entry.label, [entry.percentage], own=entry.is_own)
        for offset, entry in enumerate(block.entries)
    ]
