"""An organisation's results, for the organisation and network pages of the networks app,
which load this tag rather than import submissions.

{% load organisation_results %}
{% organisation_results organisation %}   links to the results the person may open
"""

from django import template

from submissions.compare.access import may_open, own_organisation_ids, sees_every_organisation
from submissions.models import Submission

register = template.Library()


@register.inclusion_tag("submissions/includes/organisation_results.html", takes_context=True)
def organisation_results(context, organisation, heading_level=2):
    """The editions whose profile the person may open (shared by name, their own, or
    everything for the project team), the trend across them, and for the organisation's own
    people and the project team its submissions, actions and results CSV. One query."""
    user = context["request"].user
    submissions = [
        submission
        for submission in Submission.objects.filter(organisation=organisation)
        .select_related("edition")
        .order_by("-edition__year")
        if may_open(user, submission)
    ]
    private = organisation.pk in own_organisation_ids(user) or sees_every_organisation(user)
    return {
        "organisation": organisation,
        "submissions": submissions,
        "private": private,
        "heading_level": heading_level,
    }
