import math

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


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current URL with its query string kept and the page number changed."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return f"?{query.urlencode()}"


@register.filter
def cooloff_minutes(duration):
    """A lockout's cool-off as people say it: "30 minutes", "1 minute"."""
    minutes = max(1, math.ceil(duration.total_seconds() / 60))
    return f"{minutes} minute{'' if minutes == 1 else 's'}"
