"""Comparison pages: thin views over submissions.selectors, which apply the sharing rules."""

import csv
from dataclasses import replace
from types import SimpleNamespace

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from submissions import charts, selectors
from weiportal.forms import GovukFormMixin

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

    def __init__(self, *args, organisations, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        self.options = options

    def clean_organisation(self):
        slug = self.cleaned_data["organisation"]
        if slug not in {slug for slug, _name in self.organisations}:
            raise forms.ValidationError("Select an organisation from the list")
        return slug

    def options_html(self):
        """The select's options, escaped once per data version in ``options`` (slug: option).
        Hundreds nationally: Django's widget templates would take longer than the rest of
        the page."""
        chosen = self.data.get("organisation", "") if self.is_bound else ""
        options = []
        for slug, name in self.organisations:
            option = self.options.get(slug) or _option(slug, name)
            if slug == chosen:
                option = option.replace('">', '" selected>', 1)
            options.append(option)
        return mark_safe(  # noqa: S308 (every value escaped)
            '<option value="">Choose an organisation</option>' + "".join(options)
        )


def _option(slug, name):
    # A plain str, which the cache stores and reads back faster than a SafeString.
    return f'<option value="{escape(slug)}">{escape(name)}</option>'


@login_required
def compare(request):
    version = selectors.data_version()
    form = TrendChoiceForm(
        request.GET if "organisation" in request.GET else None,
        organisations=selectors.trend_organisations(user=request.user, version=version),
        options=selectors.cached("organisation-options", _organisation_options, version=version),
    )
    if form.is_valid():
        return redirect("submissions:trend", slug=form.cleaned_data["organisation"])
    own_submissions, editions = selectors.compare_index(user=request.user, version=version)
    return render(
        request,
        "submissions/compare/index.html",
        {
            "form": form,
            "own_submissions": own_submissions,
            "editions_html": selectors.cached(
                "editions-html", lambda: _editions_html(editions), version=version
            ),
            "minimum_organisations": selectors.minimum_organisations(),
        },
    )


def _organisation_options(version=None):
    """Each organisation's <option>, escaped once per data version: there are hundreds."""
    return {
        slug: _option(slug, name)
        for _pk, slug, name, _named in selectors.organisations(version=version)
    }


def _editions_html(editions):
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
    return render_to_string("submissions/compare/index_editions.html", {"editions": editions})


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
            "rows_html": _profile_rows_html(profile),
            "average_names": list(AVERAGE_NAMES.values()),
            "minimum_organisations": selectors.minimum_organisations(),
        },
    )


NUMERIC_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
AVERAGE_SHOWN = '{}%<br><span class="govuk-body-s">{} marks, {} organisations</span>'
AVERAGE_WITHHELD = '<span class="govuk-body-s">Not enough organisations have shared</span>'
NO_GAP = '<span class="govuk-visually-hidden">No gap</span>–'
GAP_ABOVE = '+{}<span class="govuk-visually-hidden"> percentage points above</span>'
GAP_BELOW = '{}<span class="govuk-visually-hidden"> percentage points below</span>'
GAP_NONE = '{}<span class="govuk-visually-hidden"> percentage points</span>'


def _average_cells_html(row):
    cells = []
    for average, gap in row.average_list:
        if average.shown:
            shown = format_html(AVERAGE_SHOWN, average.percentage, average.mean, average.count)
        else:
            shown = AVERAGE_WITHHELD
        if gap is None:
            gap_html = NO_GAP
        else:
            gap_html = format_html(
                GAP_ABOVE if gap > 0 else GAP_BELOW if gap < 0 else GAP_NONE, gap
            )
        cells.append(format_html(NUMERIC_CELL, mark_safe(shown)))  # noqa: S308 (escaped above)
        cells.append(format_html(NUMERIC_CELL, mark_safe(gap_html)))  # noqa: S308
    return mark_safe("".join(cells))  # noqa: S308 (each cell built by format_html)


def _profile_rows_html(profile):
    """The profile table's rows, every value escaped: built here, as template includes per cell
    took most of the page's time."""
    year = profile.edition.year
    section_url = reverse(
        "submissions:section_compare", kwargs={"year": year, "number": 987654321}
    )
    leaders_url = reverse(
        "submissions:section_leaders", kwargs={"year": year, "number": 987654321}
    )
    rows = []
    for row in profile.rows:
        section = row.section
        number = str(section.number)
        own = (
            format_html(
                '{}%<br><span class="govuk-body-s">{} of {}</span>',
                row.percentage,
                row.score,
                row.maximum,
            )
            if row.percentage is not None
            else "No score"
        )
        rows.append(
            format_html(
                '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
                "{}. {}{}</th>{}{}"
                '<td class="govuk-table__cell"><a class="govuk-link" href="{}">All organisations'
                '<span class="govuk-visually-hidden"> in {}</span></a><br>'
                '<a class="govuk-link" href="{}">Who did this well'
                '<span class="govuk-visually-hidden"> in {}</span></a></td></tr>',
                section.number,
                section.name,
                mark_safe(' <strong class="govuk-tag govuk-tag--blue">Cross-cutting</strong>')
                if section.is_cross_cutting
                else "",
                format_html(NUMERIC_CELL, own),
                _average_cells_html(row),
                section_url.replace("987654321", number),
                section.name,
                leaders_url.replace("987654321", number),
                section.name,
            )
        )
    total = profile.total
    own = (
        format_html(
            '{}%<br><span class="govuk-body-s">{} of {}</span>',
            total.percentage,
            total.score,
            total.maximum,
        )
        if total.percentage is not None
        else "Not known"
    )
    rows.append(
        format_html(
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Total</th>'
            '{}{}<td class="govuk-table__cell"></td></tr>',
            format_html(NUMERIC_CELL, own),
            _average_cells_html(total),
        )
    )
    return mark_safe("\n".join(rows))  # noqa: S308 (each row built by format_html)


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
    if comparison.own_rows is None:
        head, chart_rows, tail, table_rows = _section_pieces(comparison)
    else:
        head, chart_rows, tail, table_rows = selectors.cached(
            f"section-page:{comparison.edition_section.pk}",
            lambda: _section_pieces(
                selectors.shared_section_comparison(
                    year=year, number=number, version=comparison.version
                )
            ),
            version=comparison.version,
        )
        if comparison.own_rows:
            # The viewer's own organisations, shared by name: only their labels change.
            chart, profile_url = _section_chart(comparison), _profile_url(comparison)
            chart_rows, table_rows = list(chart_rows), list(table_rows)
            for index in comparison.own_rows:
                entry = comparison.entries[index]
                chart_rows[index] = chart.row(index, entry.label, [entry.percentage])
                table_rows[index] = _section_row_html(entry, profile_url)
    return render(
        request,
        "submissions/compare/section.html",
        {
            "comparison": comparison,
            "chart": charts.join_chart(head, chart_rows, tail),
            "spread": comparison.spread_percentages,
            "rows_html": mark_safe("\n".join(table_rows)),  # noqa: S308 (each row escaped)
            "minimum_organisations": selectors.minimum_organisations(),
        },
    )


def _section_chart(comparison):
    average, spread = comparison.average, comparison.spread_percentages
    return charts.BarChart(
        chart_id="section-chart",
        title=(
            f"{comparison.section.name} in the {comparison.edition.year} index: every "
            "organisation that shared"
        ),
        description=(
            "Each organisation's score as a percentage of the section maximum, highest first, "
            "with dashed lines at the average and the median. The table below the chart has "
            "the same figures."
        ),
        series_names=["Score"],
        category_count=len(comparison.entries),
        reference_lines=[("Average", average.percentage), ("Median", spread[1])],
    )


def _section_pieces(comparison):
    """The section chart's head, rows and tail, and the table's rows, every value escaped.

    A section lists every sharing organisation (hundreds nationally), so its rows are built
    here rather than in a template loop, which would cost several times the rest of the page.
    """
    chart, profile_url = _section_chart(comparison), _profile_url(comparison)
    chart_rows = [
        chart.row(index, entry.label, [entry.percentage])
        for index, entry in enumerate(comparison.entries)
    ]
    table_rows = [_section_row_html(entry, profile_url) for entry in comparison.entries]
    return chart.head(), chart_rows, chart.tail(), table_rows


def _profile_url(comparison):
    return reverse(
        "submissions:profile",
        kwargs={"slug": "organisation-slug", "year": comparison.edition.year},
    )


PRIVATE_TAG = ' <strong class="govuk-tag govuk-tag--grey">Private</strong>'
NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">'


def _section_row_html(entry, profile_url):
    label = escape(entry.label)
    if entry.is_named:
        href = escape(profile_url.replace("organisation-slug", entry.organisation_slug))
        label = f'<a class="govuk-link" href="{href}">{label}</a>'
    return (
        f'<tr class="govuk-table__row">{NUMERIC}{entry.position}</td>'
        f'<th scope="row" class="govuk-table__header">{label}'
        f"{PRIVATE_TAG if entry.is_private else ''}</th>"
        f"{NUMERIC}{entry.score}</td>{NUMERIC}{entry.percentage}%</td></tr>"
    )


@login_required
def section_compare_csv(request, year, number):
    comparison = selectors.section_comparison(user=request.user, year=year, number=number)
    header = ["position", "organisation", "score", "maximum", "percentage", "sharing"]
    if comparison.own_rows is None:
        rows = _section_csv_rows(comparison)
    else:
        rows = selectors.cached(
            f"section-csv:{comparison.edition_section.pk}",
            lambda: _section_csv_rows(
                selectors.shared_section_comparison(
                    year=year, number=number, version=comparison.version
                )
            ),
            version=comparison.version,
        )
        for index in comparison.own_rows:
            rows[index] = [rows[index][0], comparison.entries[index].label, *rows[index][2:]]
    return _csv_response(f"section-{year}-{number}.csv", header, rows)


def _section_csv_rows(comparison):
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
    rows.append(["", "Average", _average_cell(average), maximum, "", ""])
    for label, value in (
        ("Lower quartile", comparison.lower_quartile),
        ("Median", comparison.median),
        ("Upper quartile", comparison.upper_quartile),
    ):
        cell = _figure(value) if average.shown else selectors.NOT_ENOUGH
        rows.append(["", label, cell, maximum, "", ""])
    return rows


@login_required
def section_leaders(request, year, number):
    version = selectors.data_version()

    def build():
        leaders = selectors.section_leaders(year=year, number=number, version=version)
        organisations_html = render_to_string(
            "submissions/compare/leaders_list.html", {"leaders": leaders}
        )
        # Once rendered, plain records are enough and read back from the cache far faster
        # than organisations with their networks.
        organisations = [
            SimpleNamespace(
                name=organisation.name,
                slug=organisation.slug,
                score=organisation.score,
                percentage=organisation.percentage,
            )
            for organisation in leaders.organisations
        ]
        return replace(leaders, organisations=organisations), organisations_html

    leaders, organisations_html = selectors.cached(
        f"leaders-page:{year}:{number}", build, version=version
    )
    return render(
        request,
        "submissions/compare/leaders.html",
        {"leaders": leaders, "organisations_html": organisations_html},
    )


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


TREND_CELLS = {
    "missing": f"{NUMERIC}No score</td>",
    "not_in_round": f'{NUMERIC}<span class="govuk-body-s">Not in this round</span></td>',
}


def _trend_section_rows_html(trend):
    """The trend table's section rows, every value escaped: built here rather than in nested
    template loops, which took most of the page's time."""
    rows = []
    for section in trend.sections:
        cells = "".join(
            f"{NUMERIC}{value}%</td>" if state == "score" else TREND_CELLS[state]
            for state, value in section.cells
        )
        rows.append(
            f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f"{escape(section.name)}</th>{cells}</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (names escaped, figures are Decimals)


@login_required
def trend(request, slug):
    trend = selectors.organisation_trend(user=request.user, organisation_slug=slug)
    return render(
        request,
        "submissions/compare/trend.html",
        {
            "trend": trend,
            "chart": _trend_chart(trend),
            "section_rows_html": _trend_section_rows_html(trend),
        },
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
