"""The marking-consistency report: grouping, spread, the group page, the query pack, what a
lead sees, the thresholds, the cache and the query counts."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from openpyxl import load_workbook

from guidance.apps import consistency_thresholds
from guidance.consistency import report
from guidance.consistency.similarity import Answer, group_answers, similarity
from networks.services import data_version_bump
from submissions.models import EditionSection, Submission
from tests.guidance.fixtures_answers import LIGHTLY_EDITED, MODEL_ANSWER, use
from tests.networks.factories import OrganisationFactory
from tests.submissions.factories import SectionResultFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def section_report(edition, number=3):
    row = EditionSection.objects.select_related("edition", "section").get(
        edition=edition, section__number=number
    )
    return report.build_section_report(row)


def url(name, group=None, **kwargs):
    kwargs = {"year": 2019, "number": 3, **kwargs}
    if group is not None:
        kwargs["key"] = group.key
    return reverse(f"guidance:{name}", kwargs=kwargs)


# Similarity and grouping.


def test_case_whitespace_and_punctuation_do_not_count():
    assert similarity("We buy, fairly!\n\nAlways.", "we   BUY fairly always") == 100


def test_light_edit_is_near_identical_and_independent_text_is_not():
    assert similarity(MODEL_ANSWER, LIGHTLY_EDITED) >= 90
    assert similarity(MODEL_ANSWER, "We run a network with a budget and a chair.") < 50


def test_groups_by_revision_and_by_text_through_others():
    answers = [
        Answer(1, "text one entirely", revision_id=7),
        Answer(2, "something else", revision_id=7),
        Answer(3, MODEL_ANSWER),
        Answer(4, LIGHTLY_EDITED),
        Answer(5, "An answer nobody else gave about role models."),
        Answer(6, ""),
    ]
    groups = sorted(sorted(keys) for keys in group_answers(answers, threshold=90))
    assert groups == [[1, 2], [3, 4]]


def test_the_bound_never_drops_a_pair_that_matches():
    # Long answers differing by a few words throughout.
    base = " ".join(f"word{i % 400}" for i in range(3000))
    edited = base.replace("word17 ", "changed ", 5)
    assert similarity(base, edited) >= 99
    assert group_answers([Answer(1, base), Answer(2, edited)], threshold=99) == [[1, 2]]


# The report.


def test_group_has_marks_spread_and_flag(consistency_group, edition):
    section = section_report(edition)
    [group] = section.groups
    assert [m.percentage for m in group.members] == [Decimal(80), Decimal(65)]
    assert (group.lowest, group.highest, group.spread) == (Decimal(65), Decimal(80), Decimal(15))
    assert group.flagged
    assert group.basis == "the same standard response"


def test_a_range_at_the_threshold_is_not_flagged(consistency_group, edition):
    other = consistency_group["other"]
    other.score = Decimal(35)  # 70%: exactly 10 points below
    other.save()
    [group] = section_report(edition).groups
    assert group.spread == Decimal(10)
    assert not group.flagged


def test_lightly_edited_copy_joins_the_group_by_similarity(third_organisation_copy, edition):
    [group] = section_report(edition).groups
    assert len(group.members) == 3
    third = next(m for m in group.members if m.result_id == third_organisation_copy.pk)
    assert 90 <= third.similarity < 100
    assert "the same text" in group.basis


def test_private_submissions_are_in_the_project_teams_report(consistency_group, edition):
    [group] = section_report(edition).groups
    assert any(member.is_private for member in group.members)


def test_report_is_cached_under_the_data_version(
    consistency_group, edition, django_assert_num_queries
):
    row = EditionSection.objects.select_related("edition", "section").get(
        edition=edition, section__number=3
    )
    first = report.section_report(row, version=1)
    with django_assert_num_queries(0):
        assert report.section_report(row, version=1).groups[0].key == first.groups[0].key
    consistency_group["other"].delete()
    assert report.section_report(row, version=1).groups
    assert report.section_report(row, version=2).groups == []


# Thresholds.


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CONSISTENCY_SIMILARITY_THRESHOLD", "120"),
        ("CONSISTENCY_SIMILARITY_THRESHOLD", "10"),
        ("CONSISTENCY_SIMILARITY_THRESHOLD", "ninety"),
        ("CONSISTENCY_RANGE_THRESHOLD", "-1"),
        ("CONSISTENCY_RANGE_THRESHOLD", "nan"),
    ],
)
def test_threshold_out_of_range_is_refused_with_a_clear_message(settings, name, value):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match=f"{name} .* must be a number from"):
        consistency_thresholds()


def test_thresholds_are_settings(settings, consistency_group, edition):
    settings.CONSISTENCY_RANGE_THRESHOLD = "20"
    [group] = section_report(edition).groups
    assert not group.flagged


# Pages.


def test_project_team_finds_the_flagged_group(client, project_team, consistency_group):
    client.force_login(project_team)
    edition_page = client.get(reverse("guidance:consistency_edition", kwargs={"year": 2019}))
    assert "Flagged groups" in edition_page.text
    section_page = client.get(url("consistency_section"))
    assert "65.0% to 80.0% (range 15.0 points)" in section_page.text
    assert "Flagged" in section_page.text


def test_group_page_shows_answers_side_by_side_with_differences_and_comments(
    client, project_team, third_organisation_copy, edition
):
    client.force_login(project_team)
    [group] = section_report(edition).groups
    page = client.get(url("consistency_group", group))
    assert page.status_code == 200
    assert page.text.count('class="govuk-table__cell portal-answer-cell"') == 3
    assert "<ins" in page.text and "<del" in page.text
    assert "Strong evidence." in page.text
    # Hostile comment shown escaped.
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_missing_group_is_404(client, project_team, consistency_group):
    client.force_login(project_team)
    response = client.get(
        reverse("guidance:consistency_group", kwargs={"year": 2019, "number": 3, "key": 999999})
    )
    assert response.status_code == 404


def test_lead_cannot_open_the_report(client, lead, consistency_group):
    client.force_login(lead)
    assert client.get(reverse("guidance:consistency_index")).status_code == 403
    assert client.get(url("consistency_section")).status_code == 403


def pack_sheet(client, group, query=""):
    response = client.get(url("consistency_pack_xlsx", group) + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_pack_names_only_organisations_shared_by_name(
    client, project_team, third_organisation_copy, edition, organisation, other_organisation
):
    client.force_login(project_team)
    [group] = section_report(edition).groups
    workbook = pack_sheet(client, group)
    sheet = workbook["Group"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Organisation",
        "Mark",
        "Percentage of maximum",
        "Similarity (%)",
        "Answer",
        "Stonewall's comment",
    )
    labels = [row[0] for row in rows[1:]]
    assert other_organisation.name in labels
    assert organisation.name not in labels  # private
    assert "Agency for Third Parties" not in labels  # anonymous
    assert sorted(label for label in labels if label.startswith("Organisation ")) == [
        "Organisation A",
        "Organisation B",
    ]
    method = dict(workbook["Method"].iter_rows(values_only=True))
    assert "rapidfuzz" in method["Method"]
    assert method["Flagged"] == "Yes"
    assert method["Produced"]


def test_pack_can_name_all(client, project_team, consistency_group, edition, organisation):
    client.force_login(project_team)
    [group] = section_report(edition).groups
    labels = [
        row[0]
        for row in pack_sheet(client, group, "?names=all")["Group"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert organisation.name in labels


def test_pack_writes_formula_like_text_as_text(client, project_team, consistency_group, edition):
    client.force_login(project_team)
    [group] = section_report(edition).groups
    sheet = pack_sheet(client, group, "?names=all")["Group"]
    comments = [cell for cell in sheet["F"] if str(cell.value).startswith("=HYPERLINK")]
    assert comments and all(cell.data_type == "s" for cell in comments)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_printable_pack(client, project_team, consistency_group, edition, organisation):
    client.force_login(project_team)
    [group] = section_report(edition).groups
    page = client.get(url("consistency_pack", group))
    assert "Organisation A" in page.text
    assert organisation.name not in page.text.split("<main")[1]
    assert "&lt;script&gt;" in page.text


# What a lead sees.


def entry_url(submission):
    return reverse("submissions:section", kwargs={"pk": submission.pk, "number": 3})


def test_lead_sees_the_match_without_the_range_below_three(client, lead, consistency_group):
    client.force_login(lead)
    page = client.get(entry_url(consistency_group["mine"].submission))
    assert "matched the answers of 1 other organisation" in page.text
    assert "ranged from" not in page.text
    assert "shown once at least 3 organisations" in page.text
    assert "Office for Other Things" in page.text  # shared by name


def test_lead_sees_the_range_once_three_are_in_the_group(
    client, lead, third_organisation_copy, consistency_group
):
    client.force_login(lead)
    page = client.get(entry_url(consistency_group["mine"].submission))
    assert "matched the answers of 2 other organisations" in page.text
    assert "ranged from 65.0% to 80.0%" in page.text
    assert "Agency for Third Parties" not in page.text  # anonymous


def test_other_organisations_private_submissions_never_count(
    client, other_lead, consistency_group, third_organisation_copy
):
    # The member's organisation's submission is private: the other lead's group has the
    # third organisation only.
    client.force_login(other_lead)
    page = client.get(entry_url(consistency_group["other"].submission))
    assert "matched the answers of 1 other organisation" in page.text
    assert "Department for Testing" not in page.text
    assert "ranged from" not in page.text


def test_lead_sees_matches_on_the_profile(client, lead, consistency_group, submission):
    client.force_login(lead)
    page = client.get(
        reverse("submissions:profile", kwargs={"slug": submission.organisation.slug, "year": 2019})
    )
    assert "Your answer to section 3, Section 3, matched the answers of 1 other" in page.text


def test_matches_show_on_the_profile_as_soon_as_the_organisation_answers(
    client,
    lead,
    member,
    submission,
    other_submission,
    answer_section,
    standard_response,
    other_lead,
):
    use(other_submission, answer_section, standard_response, other_lead, Decimal("32.5"))
    client.force_login(lead)
    url = reverse(
        "submissions:profile", kwargs={"slug": submission.organisation.slug, "year": 2019}
    )
    # Cached for the edition: which organisations answered anything (not this one yet).
    assert "Your answer to section" not in client.get(url).text
    use(submission, answer_section, standard_response, member, Decimal(40))
    page = client.get(url)
    assert "Your answer to section 3, Section 3, matched the answers of 1 other" in page.text


def test_the_organisations_that_answered_an_edition_are_read_in_one_query(
    submission,
    other_submission,
    edition,
    answer_section,
    standard_response,
    member,
    other_lead,
    django_assert_num_queries,
):
    from guidance.templatetags.standard_responses import _answering_organisations
    from tests.submissions.factories import edition_with_sections

    # In its own words, with "&" and markup in them.
    SectionResultFactory(
        submission=submission, section=answer_section, answer="<b>Allies & role models</b>"
    )
    # With a standard response, whose text the organisation then cleared.
    result = use(other_submission, answer_section, standard_response, other_lead)
    result.answer = ""
    result.save()
    # Not answered: a score and a comment only; and an answer in another edition.
    silent = SubmissionFactory(edition=edition, organisation=OrganisationFactory())
    SectionResultFactory(submission=silent, section=answer_section, comment="No answer")
    later = edition_with_sections(year=2021)
    elsewhere = SubmissionFactory(edition=later, organisation=OrganisationFactory())
    SectionResultFactory(
        submission=elsewhere,
        section=later.criteria_round.sections.get(number=1),
        answer="Another year's answer",
    )

    with django_assert_num_queries(1):
        answering = _answering_organisations(edition.pk)
    assert answering == {submission.organisation_id, other_submission.organisation_id}
    assert _answering_organisations(later.pk) == {elsewhere.organisation_id}


def test_other_people_do_not_see_an_organisations_matches(
    client, other_lead, consistency_group, submission
):
    Submission.objects.filter(pk=submission.pk).update(sharing="named")
    data_version_bump()
    client.force_login(other_lead)
    page = client.get(
        reverse("submissions:profile", kwargs={"slug": submission.organisation.slug, "year": 2019})
    )
    assert "Your answer to section" not in page.text


# Query counts: fixed whatever the group's size.


def add_copies(edition, section, count):
    for index in range(count):
        SectionResultFactory(
            submission=SubmissionFactory(
                organisation=OrganisationFactory(), edition=edition, sharing="anonymous"
            ),
            section=section,
            answer=MODEL_ANSWER,
            score=Decimal(30 + index),
        )
    data_version_bump()


@pytest.mark.parametrize("extra", [0, 6])
def test_report_pages_query_counts(
    client,
    project_team,
    consistency_group,
    edition,
    answer_section,
    extra,
    django_assert_num_queries,
):
    add_copies(edition, answer_section, extra)
    client.force_login(project_team)
    [group] = section_report(edition).groups
    client.get(url("consistency_section"))  # warm the cache
    # Session, user, data version; the section and its maximum.
    with django_assert_num_queries(5):
        assert client.get(url("consistency_section")).status_code == 200
    # The same, then the answers and comments, and the standard response's revision.
    with django_assert_num_queries(7):
        assert client.get(url("consistency_group", group)).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(url("consistency_pack_xlsx", group)).status_code == 200


def test_portal_refuses_to_start_with_a_threshold_out_of_range():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=root,
        env={**os.environ, "WEI_CONSISTENCY_RANGE": "150"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert (
        "CONSISTENCY_RANGE_THRESHOLD (environment variable WEI_CONSISTENCY_RANGE) must be a "
        "number from 0 to 100; it is '150'." in result.stderr
    )


def test_a_large_group_shows_its_answers_a_few_at_a_time(
    client, project_team, consistency_group, edition, answer_section
):
    add_copies(edition, answer_section, 7)
    client.force_login(project_team)
    [group] = section_report(edition).groups
    assert len(group.members) == 9
    first = client.get(url("consistency_group", group))
    assert first.text.count("portal-answer-cell") == 6
    assert "(1 to 6 of 9)" in first.text
    second = client.get(url("consistency_group", group) + "?page=2")
    assert second.text.count("portal-answer-cell") == 3
    assert client.get(url("consistency_group", group) + "?page=nonsense").status_code == 200
