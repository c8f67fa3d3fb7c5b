"""Comparison pages and their CSV files: thin views over the read models in
``submissions.compare``, which apply the sharing rules.

Templates draw tables and charts; what every viewer shares is cached in template fragments
under the data version (``version`` and ``cache_seconds`` in every page's context).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject

from submissions.compare import charts
from submissions.compare.index import compare_index, editions, organisation_choices, trend_choices
from submissions.compare.leaders import section_leaders as leaders_for
from submissions.compare.profile import AVERAGE_KINDS, AVERAGE_NAMES, CSV_NAMES, profile_for
from submissions.compare.section import (
    ROWS_PER_PAGE,
    SCORE_DESCENDING,
    SORTS,
    section_comparison,
    section_page,
    sort_headers,
)
from submissions.compare.statistics import NOT_ENOUGH, minimum_organisations, round_2dp
from submissions.compare.trend import MISSING, NOT_IN_ROUND, SCORE, organisation_trend
from submissions.compare.version import (
    CACHE_SECONDS,
    data_version,
    edition_version,
    guidance_version,
    lists_version,
    section_version,
)
from weiportal.forms import GovukFormMixin
from weiportal.spreadsheets import csv_text


def _page(request, template, context, *, version=None):
    """``version`` is what the page's cached fragments depend on: an edition's version for a
    page of one edition, the version of everything otherwise."""
    return render(
        request,
        template,
        {
            **context,
            "version": data_version(request) if version is None else version,
            "cache_seconds": CACHE_SECONDS,
            "minimum_organisations": minimum_organisations(),
        },
    )


def _csv_response(filename, header, rows):
    # Written to a buffer and sent at once: hundreds of rows, each written to the response
    # itself, would each be encoded and stored separately.
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _figure(value):
    """A figure to 2 places of its exact value, rounded half up once."""
    return "" if value is None else f"{round_2dp(value):.2f}"


def _average_cell(average):
    return _figure(average.exact_mean) if average.shown else NOT_ENOUGH


def _average_percentage_cell(average):
    return _figure(average.exact_percentage) if average.shown else NOT_ENOUGH


def _average_count_cell(average):
    # Nothing says how many organisations stand behind a withheld figure.
    return average.count if average.shown else ""


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

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed  # a callable: the slugs are read only to check a choice

    def clean_organisation(self):
        slug = self.cleaned_data["organisation"]
        if slug not in self.allowed():
            raise forms.ValidationError("Select an organisation from the list")
        return slug


@login_required
def compare(request):
    # The lists of organisations and editions change with who shares what, not with scores.
    user, version = request.user, lists_version(request)
    form = TrendChoiceForm(
        request.GET if "organisation" in request.GET else None,
        allowed=lambda: trend_choices(user=user, version=version),
    )
    if form.is_valid():
        return redirect("submissions:trend", slug=form.cleaned_data["organisation"])
    index = compare_index(user=user, version=version)
    return _page(
        request,
        "submissions/compare/index.html",
        {
            "form": form,
            "index": index,
            # Read only when their cached rendering is missing.
            "editions": SimpleLazyObject(lambda: editions(version=version)),
            "choices": SimpleLazyObject(
                lambda: [
                    choice
                    for choice in organisation_choices(version=version)
                    if choice.shared_by_name or index.sees_every_organisation
                ]
            ),
        },
        version=version,
    )


def _profile_chart(profile):
    organisation, edition = profile.organisation, profile.edition
    return charts.BarChart.of_categories(
        chart_id="profile-chart",
        title=f"{organisation.name}: section scores in the {edition.year} index",
        description=(
            "Each section's score as a percentage of its maximum, beside the averages of all "
            "organisations that shared, the sector and the highest-scoring quarter on this "
            "portal. The table below the chart has the same figures."
        ),
        series_names=[organisation.short_name, *AVERAGE_NAMES.values()],
        categories=(
            (
                f"{row.section.number}. {row.section.name}",
                [row.percentage, *(row.averages[kind].percentage for kind in AVERAGE_KINDS)],
            )
            for row in profile.rows
        ),
    )


def _profile(request, slug, year):
    return profile_for(
        user=request.user,
        organisation_slug=slug,
        year=year,
        version=edition_version(request, year),
        lists_version=lists_version(request),
    )


@login_required
def profile(request, slug, year):
    profile = _profile(request, slug, year)
    return _page(
        request,
        "submissions/compare/profile.html",
        {
            "profile": profile,
            "chart": SimpleLazyObject(lambda: _profile_chart(profile)),
            "average_names": list(AVERAGE_NAMES.values()),
        },
        version=profile.version,
    )


@login_required
def profile_csv(request, slug, year):
    profile = _profile(request, slug, year)
    header = ["section_number", "section", "maximum", "score", "percentage"]
    for kind in AVERAGE_KINDS:
        name = CSV_NAMES[kind]
        header += [f"{name}_average", f"{name}_average_percentage", f"{name}_organisations"]
        header += [f"gap_to_{name}_percentage_points"]
    header += ["stonewall_top_100_average", "stonewall_top_100_average_percentage"]
    rows = []
    for row in [*profile.rows, profile.total]:
        line = [
            row.section.number if row.section else "",
            row.section.name if row.section else "Total",
            _figure(row.maximum),
            _figure(row.score),
            _figure(row.percentage),
        ]
        for kind in AVERAGE_KINDS:
            average = row.averages[kind]
            line += [
                _average_cell(average),
                _average_percentage_cell(average),
                _average_count_cell(average),
                _figure(row.gaps[kind]),
            ]
        line += [_figure(row.top_100_average), _figure(row.top_100_percentage)]
        rows.append(line)
    filename = f"profile-{profile.organisation.slug}-{profile.edition.year}.csv"
    return _csv_response(filename, header, rows)


def _section_chart(listing):
    """The chart of one page of the section's rows, highest score first."""
    first, last = listing.first_position, listing.last_position
    return charts.BarChart.layout(
        chart_id="section-chart",
        title=(
            f"{listing.section.name} in the {listing.edition.year} index: positions "
            f"{first} to {last} of {listing.count}"
        ),
        description=(
            "Each organisation's score as a percentage of the section maximum, highest first, "
            "with dashed lines at the average and the median of every organisation that shared. "
            "The table below the chart has the same figures."
        ),
        series_names=["Score"],
        category_count=last - first + 1,
        highlight=True,
        reference_lines=[
            ("Average", listing.average.percentage),
            ("Median", listing.spread_percentages[1]),
        ],
    )


@login_required
def section_compare(request, year, number):
    version = section_version(request, year, number)
    sort = request.GET.get("sort", SCORE_DESCENDING)
    sort = sort if sort in SORTS else SCORE_DESCENDING
    # One group of rows a page; the chart shows the same positions, ranked by score.
    listing = section_page(
        user=request.user,
        year=year,
        number=number,
        version=version,
        sort=sort,
        requested_page=request.GET.get("page"),
    )
    return _page(
        request,
        "submissions/compare/section.html",
        {
            "listing": listing,
            # The whole listing, read only where used (the page draws its own page of it).
            "comparison": SimpleLazyObject(
                lambda: section_comparison(
                    user=request.user, year=year, number=number, version=version
                ).sorted_by(sort)
            ),
            "groups": [listing.chart_group] if listing.chart_group else [],
            "table_groups": [listing.table_group] if listing.table_group else [],
            "page_obj": Paginator(range(listing.pages), 1).get_page(listing.number),
            "rows_per_page": ROWS_PER_PAGE,
            "sort": sort,
            "sort_headers": sort_headers(sort),
            # Laid out only where a part of the chart is not cached.
            "chart": SimpleLazyObject(lambda: _section_chart(listing)),
            # What the top of the page holds: the section's guidance among its figures.
            "guidance_version": guidance_version(request),
            # Where the chart's dashed lines are, which its rows' labels keep clear of.
            "chart_lines": (listing.average.percentage, listing.spread_percentages[1]),
        },
        version=version,
    )


@login_required
def section_compare_csv(request, year, number):
    comparison = section_comparison(
        user=request.user, year=year, number=number, version=section_version(request, year, number)
    )
    maximum = _figure(comparison.maximum)
    rows = [
        [
            entry.position,
            entry.label,
            _figure(entry.score),
            maximum,
            _figure(entry.percentage),
            "private" if entry.is_private else "shared",
        ]
        for entry in comparison.entries
    ]
    average = comparison.average
    rows.append(
        ["", "Average", _average_cell(average), maximum, _average_percentage_cell(average), ""]
    )
    for label, value, share in zip(
        ("Lower quartile", "Median", "Upper quartile"),
        comparison.spread,
        comparison.spread_percentages,
        strict=True,
    ):
        rows.append(
            [
                "",
                label,
                _figure(value) if average.shown else NOT_ENOUGH,
                maximum,
                _figure(share) if average.shown else NOT_ENOUGH,
                "",
            ]
        )
    header = ["position", "organisation", "score", "maximum", "percentage", "sharing"]
    return _csv_response(f"section-{year}-{number}.csv", header, rows)


@login_required
def section_leaders(request, year, number):
    version = section_version(request, year, number)
    leaders = leaders_for(year=year, number=number, version=version)
    return _page(
        request, "submissions/compare/leaders.html", {"leaders": leaders}, version=version
    )


def _trend_chart(trend):
    return charts.line_chart(
        chart_id="trend-chart",
        title=f"{trend.organisation.name}: total score across editions",
        description=(
            "The total score as a percentage of the maximum in each edition. The line is not "
            "joined where the index's criteria changed; a dashed line marks the change. The "
            "table below the chart has the same figures."
        ),
        points=[
            (
                str(point.edition.year),
                point.total_percentage,
                point.new_round,
                f"New criteria: {point.edition.criteria_round.name}",
            )
            for point in trend.points
        ],
    )


@login_required
def trend(request, slug):
    trend = organisation_trend(
        user=request.user, organisation_slug=slug, version=data_version(request)
    )
    return _page(
        request,
        "submissions/compare/trend.html",
        {"trend": trend, "chart": SimpleLazyObject(lambda: _trend_chart(trend))},
    )


@login_required
def trend_csv(request, slug):
    trend = organisation_trend(
        user=request.user, organisation_slug=slug, version=data_version(request)
    )
    header = ["row", "continues", *(str(point.edition.year) for point in trend.points)]
    rows = [
        ["criteria round", "", *(point.edition.criteria_round.name for point in trend.points)],
        ["total percentage", "", *(_figure(point.total_percentage) for point in trend.points)],
    ]
    states = {NOT_IN_ROUND: "not in this round", MISSING: "no score"}
    for section in trend.sections:
        rows.append(
            [
                f"{section.name} ({section.section.round_name}) percentage",
                "; ".join(
                    f"{earlier.name} ({earlier.round_name})" for earlier in section.continues
                ),
                *(
                    _figure(cell.percentage) if cell.state == SCORE else states[cell.state]
                    for cell in section.cells
                ),
            ]
        )
    return _csv_response(f"trend-{trend.organisation.slug}.csv", header, rows)
