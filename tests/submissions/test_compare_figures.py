"""Every figure on the profile and section pages and in their CSVs, recomputed here from the
test's own data in plain Python, agrees to 0.005: rounding happens once, at the end."""

import csv
import io
import math
import re
import statistics
from decimal import Decimal

import pytest
from django.urls import reverse

from networks.models import Organisation
from submissions.models import SectionResult, Submission
from tests.networks.factories import OrganisationFactory
from tests.submissions.fixtures_compare import add_submission

pytestmark = pytest.mark.django_db

MAXIMA = [20, 30, 50]
MAXIMUM_TOTAL = 100
TOLERANCE = Decimal("0.005")
GOVERNMENT = Organisation.Sector.GOVERNMENT
EDUCATION = Organisation.Sector.EDUCATION
NAMED = Submission.Sharing.NAMED
ANONYMOUS = Submission.Sharing.ANONYMOUS

# (name, sector, sharing, section scores, total); None is no score, or no total.
OTHERS = [
    ("G1", GOVERNMENT, NAMED, ["19.5", "28", "47"], None),
    ("G2", GOVERNMENT, NAMED, ["18", "27.5", "45"], None),
    ("G3", GOVERNMENT, NAMED, ["17.25", "26", "44"], None),
    ("G4", GOVERNMENT, NAMED, ["16", "25.33", "42.5"], None),
    # Two totals tied at 79.5, the fifth highest of seventeen: both are in the quarter.
    ("G5", GOVERNMENT, NAMED, ["15.5", "24", "40"], None),
    ("G6", GOVERNMENT, NAMED, ["14", "25.5", "40"], None),
    ("G7", GOVERNMENT, NAMED, ["9.99", "14.01", "20.33"], None),
    ("G8", GOVERNMENT, NAMED, ["7.5", "11", "30"], None),
    ("G9", GOVERNMENT, NAMED, ["12.34", "17.77", "33.33"], None),
    ("G10", GOVERNMENT, NAMED, ["3", None, "12"], None),
    ("G11", GOVERNMENT, NAMED, ["11.11", "13.13", "14.14"], None),
    ("No total", GOVERNMENT, NAMED, ["8.8", "9.9", None], "none"),
    ("E1", EDUCATION, NAMED, ["13", "20", "35"], None),
    ("E2", EDUCATION, NAMED, ["6.5", "16.67", "21"], None),
    ("A1", EDUCATION, ANONYMOUS, ["5.5", "12", "18"], None),
    ("A2", EDUCATION, ANONYMOUS, ["4", "8.8", "22.2"], None),
    ("A3", EDUCATION, ANONYMOUS, ["7.77", "10.1", "15"], None),
]
OWN = ("Department for Testing", GOVERNMENT, NAMED, ["10", "15", "25"], None)
TOP_100 = ["16", None, "40.25"]


def parsed(entry):
    name, sector, sharing, scores, total = entry
    values = [Decimal(score) if score is not None else None for score in scores]
    scored = [value for value in values if value is not None]
    total_value = None if total == "none" else sum(scored)
    return {
        "name": name,
        "sector": sector,
        "sharing": sharing,
        "scores": values,
        "total": total_value,
    }


ALL = [parsed(OWN), *(parsed(entry) for entry in OTHERS)]


def values_of(entries, measure):
    """Scores in a section (0, 1, 2) or totals ("total"), where there is one."""
    if measure == "total":
        return [entry["total"] for entry in entries if entry["total"] is not None]
    return [entry["scores"][measure] for entry in entries if entry["scores"][measure] is not None]


def top_quarter(entries):
    totals = sorted(
        (entry["total"] for entry in entries if entry["total"] is not None), reverse=True
    )
    cutoff = totals[math.ceil(len(totals) / 4) - 1]
    return [entry for entry in entries if entry["total"] is not None and entry["total"] >= cutoff]


def expected_average(entries, measure):
    values = values_of(entries, measure)
    maximum = MAXIMUM_TOTAL if measure == "total" else MAXIMA[measure]
    mean = sum(values) / len(values)
    return len(values), mean, mean * 100 / maximum


@pytest.fixture
def figures(edition, organisation):
    for entry in ALL:
        owner = (
            organisation
            if entry["name"] == OWN[0]
            else OrganisationFactory(name=f"Body {entry['name']}", sector=entry["sector"])
        )
        submission = add_submission(
            owner,
            edition,
            entry["sharing"],
            [str(value) if value is not None else None for value in entry["scores"]],
        )
        if entry["total"] is None:
            Submission.objects.filter(pk=submission.pk).update(total_score=None)
        if owner == organisation:
            for result in SectionResult.objects.filter(submission=submission):
                value = TOP_100[result.section.number - 1]
                result.top_100_average = Decimal(value) if value else None
                result.save()
    return ALL


def close(shown, exact):
    return abs(Decimal(str(shown)) - Decimal(exact)) <= TOLERANCE


def test_profile_csv_figures_agree_with_an_independent_recomputation(
    client, lead, organisation, figures
):
    client.force_login(lead)
    response = client.get(
        reverse("submissions:profile_csv", kwargs={"slug": organisation.slug, "year": 2019})
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    own = figures[0]
    groups = {
        "portal": figures,
        "sector": [entry for entry in figures if entry["sector"] == GOVERNMENT],
        "highest_quarter_on_portal": top_quarter(figures),
    }
    assert len(groups["highest_quarter_on_portal"]) == 6
    checked = 0
    for measure, row in zip([0, 1, 2, "total"], rows, strict=True):
        maximum = MAXIMUM_TOTAL if measure == "total" else MAXIMA[measure]
        own_value = own["total"] if measure == "total" else own["scores"][measure]
        own_percentage = own_value * 100 / maximum
        assert close(row["percentage"], own_percentage)
        for kind, entries in groups.items():
            count, mean, percentage = expected_average(entries, measure)
            assert int(row[f"{kind}_organisations"]) == count, (measure, kind)
            assert close(row[f"{kind}_average"], mean), (measure, kind)
            assert close(row[f"{kind}_average_percentage"], percentage), (measure, kind)
            assert close(row[f"gap_to_{kind}_percentage_points"], own_percentage - percentage)
            checked += 4
        if measure != "total" and TOP_100[measure]:
            assert close(row["stonewall_top_100_average"], Decimal(TOP_100[measure]))
            assert close(
                row["stonewall_top_100_average_percentage"],
                Decimal(TOP_100[measure]) * 100 / maximum,
            )
    assert checked == 48
    # Counts differ by figure: 18 scores in section 1, 17 in section 2 and 3 and for the total.
    assert [row["portal_organisations"] for row in rows] == ["18", "17", "17", "17"]


def test_profile_page_says_what_each_figure_is_worked_out_from(
    client, lead, organisation, figures
):
    client.force_login(lead)
    response = client.get(
        reverse("submissions:profile", kwargs={"slug": organisation.slug, "year": 2019})
    )
    text = response.text
    assert "from 18 organisations" in text
    assert "from 17 organisations" in text
    assert "those that shared a total (17)" in text
    assert "1 shared submission has no total" in text
    # The quarter is named so that it cannot be taken for Stonewall's Top 100, with its count.
    assert "Highest-scoring quarter on this portal" in text
    assert "This year it is 6 of the 17 shared submissions with a total" in text
    assert "submissions tied at that total are all in it" in text
    assert "Top quarter by total" not in text
    # Stonewall's own Top 100 averages, where the feedback report gave them.
    assert "Stonewall's Top 100: 80.00% (16.00 marks, from the feedback report)" in text
    assert "Stonewall's Top 100: 80.50% (40.25 marks, from the feedback report)" in text
    assert "rounded once, to 2 decimal places" in text
    profile = response.context["profile"]
    _count, mean, percentage = expected_average(figures, 1)
    shown = profile.rows[1].averages["portal"]
    assert close(shown.mean, mean)
    assert close(shown.percentage, percentage)
    assert f"{shown.percentage}%" in text


def test_section_page_and_csv_agree_with_an_independent_recomputation(client, member, figures):
    client.force_login(member)
    for measure in (0, 1, 2):
        number = measure + 1
        values = sorted(values_of(figures, measure))
        mean = sum(values) / len(values)
        quartiles = statistics.quantiles(values, n=4, method="inclusive")
        page = client.get(
            reverse("submissions:section_compare", kwargs={"year": 2019, "number": number})
        )
        comparison = page.context["comparison"]
        assert len(comparison.entries) == len(values)
        assert close(comparison.average.mean, mean)
        assert close(comparison.average.percentage, mean * 100 / MAXIMA[measure])
        for shown, exact in zip(comparison.spread_percentages, quartiles, strict=True):
            assert close(shown, exact * 100 / MAXIMA[measure])
        assert f"from the scores of {len(values)} organisations" in page.text
        rows = list(
            csv.reader(
                io.StringIO(
                    client.get(
                        reverse(
                            "submissions:section_compare_csv",
                            kwargs={"year": 2019, "number": number},
                        )
                    ).content.decode()
                )
            )
        )
        summary = {row[1]: row for row in rows[-4:]}
        assert close(summary["Average"][2], mean)
        assert close(summary["Average"][4], mean * 100 / MAXIMA[measure])
        for label, exact in zip(
            ("Lower quartile", "Median", "Upper quartile"), quartiles, strict=True
        ):
            assert close(summary[label][2], exact)
            assert close(summary[label][4], exact * 100 / MAXIMA[measure])
        for row in rows[1:-4]:
            assert close(row[4], Decimal(row[2]) * 100 / MAXIMA[measure])
            assert re.fullmatch(r"\d+\.\d\d", row[4])
