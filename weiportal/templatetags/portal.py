import copy
import math
from typing import NamedTuple

from django import forms, template

register = template.Library()

MULTIPLE_CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def error_anchor(bound_field):
    """The id an error-summary link should point at for a field.

    GOV.UK radios and checkboxes have no element with the field's own id: the first option's
    id ends in ``_1`` (as crispy-forms-gds renders it).
    """
    if isinstance(bound_field.field.widget, MULTIPLE_CHOICE_WIDGETS):
        return f"id_{bound_field.html_name}_1"
    return bound_field.id_for_label or bound_field.auto_id


class PageLink(NamedTuple):
    number: int
    url: str
    current: bool


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current URL with its query string kept and the page number changed."""
    query = copy.copy(context["request"].GET)  # shallow and mutable: the values are strings
    query["page"] = page_number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def page_links(context, page_obj):
    """The numbered links of a list's pagination: a PageLink for each page shown around the
    current one and at both ends, and None for each gap between them."""
    paginator = page_obj.paginator
    links = []
    for number in paginator.get_elided_page_range(page_obj.number):
        if number == paginator.ELLIPSIS:
            links.append(None)
        else:
            links.append(PageLink(number, page_url(context, number), number == page_obj.number))
    return links


@register.filter
def cooloff_minutes(duration):
    """A lockout's cool-off as people say it: "30 minutes", "1 minute"."""
    minutes = max(1, math.ceil(duration.total_seconds() / 60))
    return f"{minutes} minute{'' if minutes == 1 else 's'}"
