"""Comparison pages: thin views over submissions.selectors, which apply the sharing rules."""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from networks.forms import GovukFormMixin
from submissions import charts, selectors

AVERAGE_NAMES = {
    selectors.PORTAL: "All organisations that shared",
    selectors.SECTOR: "Sector",
    selectors.TOP_QUARTER: "Top quarter by total",
}


def _csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _figure(value):
    return "" if value is None else f"{value:.2f}"


def _average_cell(average):
    return _figure(average.mean) if average.shown else selectors.NOT_ENOUGH


def _average_percentage_cell(average):
    return _figure(average.percentage) if average.shown else selectors.NOT_ENOUGH


class TrendChoiceForm(GovukFormMixin, forms.Form):
    # Checked against the person's own list rather than a ChoiceField, whose choices would be
    # normalised on every request: there are hundreds nationally.
    organisation = forms.CharField(
        label="Organisation",
        max_length=200,
        error_messages={
            "required": "Select an organisation",
            "max_length": "Select an organisation from the list",
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = organisations

    def clean_organisation(self):
        slug = self.cleaned_data["organisation"]
        if slug not in {slug for slug, _name in self.organisations}:
            raise forms.ValidationError("Select an organisation from the list")
        return slug

    def options_html(self):
        """The select's options, escaped. Hundreds nationally: Django's widget templates would
        take longer than the rest of the page."""
        chosen = self.data.get("organisation", "") if self.is_bound else ""
        return mark_safe(  # noqa: S308 (every value escaped)
            '<option value="">Choose an organisation</option>'
            + "".join(
                f'<option value="{escape(slug)}"{" selected" if slug == chosen else ""}>'
                f"{escape(name)}</option>"
                for slug, name in self.organisations
            )
        )


@login_required
def compare(request):
    form = TrendChoiceForm(
        request.GET if "organisation" in request.GET else None,
        organisations=selectors.trend_organisations(user=request.user),
    )
    if form.is_valid():
        return redirect("submissions:trend", slug=form.cleaned_data["organisation"])
    own_submissions, editions = selectors.compare_index(user=request.user)
    section_url = reverse("submissions:section_compare", kwargs={"year": 1111, "number": 2222})
    editions = [
        {
            "year": year,
            "round_name": round_name,
            "sections": [
                {
                    "number": number,
                    "name": name,
                    "url": section_url.replace("1111", str(year)).replace("2222", str(number)),
                }
                for number, name in sections
            ],
        }
        for (year, round_name), sections in editions.items()
    ]
    return render(
        request,
        "submissions/compare/index.html",
        {
            "form": form,
            "own_submissions": own_submissions,
            "editions": editions,
            "minimum_organisations": selectors.minimum_organisations(),
        },
    )


@login_required
def profile(request, slug, year):
    profile = selectors.profile_for(user=request.user, organisation_slug=slug, year=year)
    organisation, edition = profile.organisation, profile.edition
    names = [organisation.short_name, *AVERAGE_NAMES.values()]
    chart = charts.bar_chart(
        chart_id="profile-chart",
        title=f"{organisation.name}: section scores in the {edition.year} index",
        description=(
            "Each section's score as a percentage of its maximum, beside the averages of all "
            "organisations that shared, the sector and the top quarter. The table below the "
            "chart has the same figures."
        ),
        categories=[f"{row.section.number}. {row.section.name}" for row in profile.rows],
        series=[
            (organisation.short_name, [row.percentage for row in profile.rows]),
            *(
                (AVERAGE_NAMES[kind], [row.averages[kind].percentage for row in profile.rows])
                for kind in selectors.AVERAGE_KINDS
            ),
        ],
        missing_label="no score, or not enough organisations have shared",
    )
    return render(
        request,
        "submissions/compare/profile.html",
        {
            "profile": profile,
            "chart": chart,
            "series_names": names,
            "average_names": list(AVERAGE_NAMES.values()),
            "minimum_organisations": selectors.minimum_organisations(),
        },
    )


@login_required
def profile_csv(request, slug, year):
    profile = selectors.profile_for(user=request.user, organisation_slug=slug, year=year)
    header = ["section_number", "section", "maximum", "score", "percentage"]
    for kind in selectors.AVERAGE_KINDS:
        header += [f"{kind}_average", f"{kind}_average_percentage", f"{kind}_organisations"]
        header += [f"gap_to_{kind}_percentage_points"]
    rows = []
    for row in [*profile.rows, profile.total]:
        line = [
            row.section.number if row.section else "",
            row.section.name if row.section else "Total",
            _figure(row.maximum),
            _figure(row.score),
            _figure(row.percentage),
        ]
        for kind in selectors.AVERAGE_KINDS:
            average = row.averages[kind]
            line += [
                _average_cell(average),
                _average_percentage_cell(average),
                average.count,
                _figure(row.gaps[kind]),
            ]
        rows.append(line)
    filename = f"profile-{profile.organisation.slug}-{profile.edition.year}.csv"
    return _csv_response(filename, header, rows)


@login_required
def section_compare(request, year, number):
    comparison = selectors.section_comparison(user=request.user, year=year, number=number)
    average, spread = comparison.average, comparison.spread_percentages
    chart = charts.bar_chart(
        chart_id="section-chart",
        title=(f"{comparison.section.name} in the {year} index: every organisation that shared"),
        description=(
            "Each organisation's score as a percentage of the section maximum, highest first, "
            "with dashed lines at the average and the median. The table below the chart has "
            "the same figures."
        ),
        categories=[entry.label for entry in comparison.entries],
        series=[("Score", [entry.percentage for entry in comparison.entries])],
        reference_lines=[("Average", average.percentage), ("Median", spread[1])],
    )
    return render(
        request,
        "submissions/compare/section.html",
        {
            "comparison": comparison,
            "chart": chart,
            "spread": spread,
            "rows_html": _section_rows_html(comparison),
            "minimum_organisations": selectors.minimum_organisations(),
        },
    )


def _section_rows_html(comparison):
    """The section table's rows, every value escaped.

    A section lists every sharing organisation (hundreds nationally), so its rows are built
    here rather than in a template loop, which would cost several times the rest of the page.
    """
    profile_url = reverse(
        "submissions:profile",
        kwargs={"slug": "organisation-slug", "year": comparison.edition.year},
    )
    private = ' <strong class="govuk-tag govuk-tag--grey">Private</strong>'
    numeric = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    rows = []
    for entry in comparison.entries:
        label = escape(entry.label)
        if entry.is_named:
            href = escape(profile_url.replace("organisation-slug", entry.organisation_slug))
            label = f'<a class="govuk-link" href="{href}">{label}</a>'
        rows.append(
            f'<tr class="govuk-table__row">{numeric}{entry.position}</td>'
            f'<th scope="row" class="govuk-table__header">{label}'
            f"{private if entry.is_private else ''}</th>"
            f"{numeric}{entry.score}</td>{numeric}{entry.percentage}%</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (labels and links escaped above)


@login_required
def section_compare_csv(request, year, number):
    comparison = selectors.section_comparison(user=request.user, year=year, number=number)
    header = ["position", "organisation", "score", "maximum", "percentage", "sharing"]
    rows = [
        [
            entry.position,
            entry.label,
            _figure(entry.score),
            _figure(comparison.maximum),
            _figure(entry.percentage),
            "private" if entry.is_private else "shared",
        ]
        for entry in comparison.entries
    ]
    average = comparison.average
    rows.append(["", "Average", _average_cell(average), _figure(comparison.maximum), "", ""])
    for label, value in (
        ("Lower quartile", comparison.lower_quartile),
        ("Median", comparison.median),
        ("Upper quartile", comparison.upper_quartile),
    ):
        cell = _figure(value) if average.shown else selectors.NOT_ENOUGH
        rows.append(["", label, cell, _figure(comparison.maximum), "", ""])
    return _csv_response(f"section-{year}-{number}.csv", header, rows)


@login_required
def section_leaders(request, year, number):
    leaders = selectors.section_leaders(user=request.user, year=year, number=number)
    return render(request, "submissions/compare/leaders.html", {"leaders": leaders})


def _trend_chart(trend):
    points = [
        (
            str(point.edition.year),
            point.total_percentage,
            point.new_round,
            f"New criteria: {point.edition.criteria_round.name}",
        )
        for point in trend.points
    ]
    return charts.line_chart(
        chart_id="trend-chart",
        title=f"{trend.organisation.name}: total score across editions",
        description=(
            "The total score as a percentage of the maximum in each edition. The line is not "
            "joined where the index's criteria changed; a dashed line marks the change. The "
            "table below the chart has the same figures."
        ),
        points=points,
    )


@login_required
def trend(request, slug):
    trend = selectors.organisation_trend(user=request.user, organisation_slug=slug)
    return render(
        request,
        "submissions/compare/trend.html",
        {"trend": trend, "chart": _trend_chart(trend)},
    )


@login_required
def trend_csv(request, slug):
    trend = selectors.organisation_trend(user=request.user, organisation_slug=slug)
    header = ["row", *(str(point.edition.year) for point in trend.points)]
    rows = [
        ["criteria round", *(point.edition.criteria_round.name for point in trend.points)],
        ["total percentage", *(_figure(point.total_percentage) for point in trend.points)],
    ]
    states = {"not_in_round": "not in this round", "missing": "no score"}
    for section in trend.sections:
        rows.append(
            [
                f"{section.name} percentage",
                *(
                    _figure(value) if state == "score" else states[state]
                    for state, value in section.cells
                ),
            ]
        )
    return _csv_response(f"trend-{trend.organisation.slug}.csv", header, rows)
