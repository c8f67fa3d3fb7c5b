"""An organisation's good practice, for the organisation and network pages of the networks
app, which load this tag rather than import guidance.

{% load organisation_good_practice %}
{% organisation_good_practice organisation %}   how many entries it published, and a link
"""

from django import template

from guidance.models import GoodPracticeEntry

register = template.Library()


@register.inclusion_tag("guidance/includes/organisation_good_practice.html")
def organisation_good_practice(organisation, heading_level=2):
    """The number of published entries of the organisation's networks, and a link to them in
    the library. One query."""
    count = (
        GoodPracticeEntry.objects.published()
        .filter(network__organisation_id=organisation.pk)
        .count()
    )
    return {"organisation": organisation, "count": count, "heading_level": heading_level}
