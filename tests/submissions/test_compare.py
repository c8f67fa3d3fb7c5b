"""Comparison pages: averages, sharing rules, labels, trend and who did this well."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from networks.models import DataVersion, Membership, Organisation
from networks.services import data_version_bump
from submissions.compare.profile import AVERAGE_NAMES
from submissions.imports import results_import
from submissions.models import CriteriaRound, EditionSection, Section, Submission
from submissions.services import submission_set_sharing
from tests.networks.factories import NetworkFactory, OrganisationFactory
from tests.submissions.factories import edition_with_sections
from tests.submissions.fixtures_compare import add_submission, insider_of

pytestmark = pytest.mark.django_db


def profile_url(organisation, year=2019):
    return reverse("submissions:profile", kwargs={"slug": organisation.slug, "year": year})


def section_url(name="submissions:section_compare", number=1, year=2019):
    return reverse(name, kwargs={"year": year, "number": number})


def test_profile_averages_are_means_of_shared_scores_to_two_places(
    client, lead, organisation, comparison
):
    client.force_login(lead)
    profile = client.get(profile_url(organisation)).context["profile"]
    portal = [row.averages["portal"] for row in profile.rows]
    # 50.77 / 5 = 10.154; 74.99 / 5 = 14.998; 160 / 5 = 32
    assert [average.mean for average in portal] == [
        Decimal("10.15"),
        Decimal("15.00"),
        Decimal("32.00"),
    ]
    # Percentages of the exact means: 14.998 of 30 is 49.99% (of the rounded 15.00, 50.00%).
    assert [average.percentage for average in portal] == [
        Decimal("50.77"),
        Decimal("49.99"),
        Decimal("64.00"),
    ]
    assert all(average.count == 5 for average in portal)
    # (50 + 62.5 + 56.99 + 51.5 + 64.77) / 5 = 57.152
    assert profile.total.averages["portal"].mean == Decimal("57.15")
    # Own 10 of 20 is 50%: 0.77 points below the portal's 50.77%.
    assert profile.rows[0].gaps["portal"] == Decimal("-0.77")


def test_profile_csv_carries_the_same_averages(client, lead, organisation, comparison):
    client.force_login(lead)
    response = client.get(
        reverse("submissions:profile_csv", kwargs={"slug": organisation.slug, "year": 2019})
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[1].startswith("1,Section 1,20.00,10.00,50.00,10.15,50.77,5,-0.77")
    assert lines[2].startswith("2,Section 2,30.00,15.00,50.00,15.00,49.99,5,0.01")
    assert lines[-1].startswith(",Total,100.00,50.00,50.00,57.15,57.15,5")


def test_average_over_too_few_organisations_is_withheld(
    client, lead, organisation, comparison, settings
):
    settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE = 4
    client.force_login(lead)
    response = client.get(profile_url(organisation))
    assert response.context["profile"].rows[0].averages["portal"].mean is None
    assert "Not enough organisations have shared" in response.text
    assert "10.15" not in response.text
    csv_text = client.get(section_url("submissions:section_compare_csv")).content.decode()
    assert "not enough organisations have shared" in csv_text
    assert "10.15" not in csv_text


def test_top_quarter_of_five_sharers_is_two_organisations_withheld_without_a_count(
    client, lead, organisation, comparison
):
    client.force_login(lead)
    response = client.get(profile_url(organisation))
    profile = response.context["profile"]
    # Unseen Unit (anonymous) and Office for Other Things: too few, and one anonymous.
    assert profile.top_quarter_count is None
    assert profile.total_count == 5
    assert not profile.rows[0].averages["top_quarter"].shown
    assert "Highest-scoring quarter on this portal" in response.text
    assert "is not Stonewall's Top 100" in response.text


def test_private_submission_is_absent_from_section_comparison_and_averages(
    client, other_lead, comparison, secret_department
):
    client.force_login(other_lead)
    for name in ["submissions:section_compare", "submissions:section_compare_csv"]:
        for number in (1, 2, 3):
            content = client.get(section_url(name, number)).content.decode()
            for secret in ("Secret Department", "SECRETD", "secret-department"):
                assert secret not in content
    comparison_context = client.get(section_url()).context["comparison"]
    assert len(comparison_context.entries) == 5
    assert comparison_context.average.mean == Decimal("10.15")
    assert client.get(profile_url(secret_department)).status_code == 404


def test_own_private_submission_is_listed_for_its_members_but_not_averaged(
    client, secret_department, comparison
):
    from tests.networks.factories import MembershipFactory, UserFactory

    insider = UserFactory()
    MembershipFactory(
        user=insider,
        network=NetworkFactory(organisation=secret_department),
        role=Membership.Role.MEMBER,
    )
    client.force_login(insider)
    response = client.get(section_url())
    entries = response.context["comparison"].entries
    assert entries[0].label == "Secret Department (your organisation)"
    assert entries[0].is_private
    assert response.context["comparison"].average.mean == Decimal("10.15")


def test_anonymous_organisation_is_never_named(client, other_lead, lead, comparison):
    hidden = ("Hidden Agency", "HIDAG", "hidden-agency")
    for user in (other_lead, lead):
        client.force_login(user)
        urls = [
            section_url(name, number)
            for name in (
                "submissions:section_compare",
                "submissions:section_compare_csv",
                "submissions:section_leaders",
            )
            for number in (1, 2, 3)
        ]
        urls += [reverse("submissions:compare")]
        for url in urls:
            content = client.get(url).content.decode()
            for secret in hidden:
                assert secret.lower() not in content.lower(), url
        assert client.get(profile_url(comparison["anonymous"].organisation)).status_code == 404
        trend = reverse("submissions:trend", kwargs={"slug": "hidden-agency"})
        assert client.get(trend).status_code == 404


def test_anonymous_labels_follow_rank_order_on_the_page(client, other_lead, edition, comparison):
    second = OrganisationFactory(name="Quiet Office")
    add_submission(second, edition, Submission.Sharing.ANONYMOUS, ["19", "1", "1"])
    client.force_login(other_lead)
    entries = client.get(section_url()).context["comparison"].entries
    # Section 1: Quiet Office 19, other 12.5, Unseen Unit 11.77, own 10, Silent Service 9.5,
    # Hidden Agency 7.
    assert [entry.label for entry in entries] == [
        "Organisation A",
        "Office for Other Things (your organisation)",
        "Organisation B",
        "Department for Testing",
        "Organisation C",
        "Organisation D",
    ]
    assert [entry.position for entry in entries] == [1, 2, 3, 4, 5, 6]
    again = client.get(section_url()).context["comparison"].entries
    assert [entry.label for entry in again] == [entry.label for entry in entries]
    # Section 3: Hidden Agency 40 is first, so it is "A" there.
    entries = client.get(section_url(number=3)).context["comparison"].entries
    assert entries[0].label == "Organisation A"
    assert entries[0].score == Decimal("40")


def test_section_spread_uses_inclusive_quartiles(client, other_lead, comparison):
    client.force_login(other_lead)
    comparison_context = client.get(section_url()).context["comparison"]
    # Shared scores 7, 9.5, 10, 11.77, 12.5: quartiles 9.5, 10, 11.77.
    assert comparison_context.lower_quartile == Decimal("9.50")
    assert comparison_context.median == Decimal("10.00")
    assert comparison_context.upper_quartile == Decimal("11.77")


def test_who_did_this_well_lists_only_named_top_quarter(
    client, member, edition, comparison, other_organisation
):
    # Ten sharers: the top quarter is three. The best is anonymous, the second and third
    # (Office for Other Things, 12.5) named.
    best = OrganisationFactory(name="Best Anonymous Body")
    add_submission(best, edition, Submission.Sharing.ANONYMOUS, ["20", "1", "1"])
    runner_up = OrganisationFactory(name="Runner Up Office")
    NetworkFactory(organisation=runner_up, name="Runner Pride", contact_email="rp@example.gov.uk")
    add_submission(runner_up, edition, Submission.Sharing.NAMED, ["19", "1", "1"])
    for n in range(3):
        add_submission(
            OrganisationFactory(), edition, Submission.Sharing.NAMED, [str(n), "1", "1"]
        )
    client.force_login(member)
    response = client.get(section_url("submissions:section_leaders"))
    leaders = response.context["leaders"]
    assert [organisation.name for organisation in leaders.organisations] == [
        "Runner Up Office",
        "Office for Other Things",
    ]
    assert "Runner Pride" in response.text
    assert "mailto:rp@example.gov.uk" in response.text
    assert "Best Anonymous Body" not in response.text
    assert "Department for Testing" not in response.text
    assert "of the 10 scores listed" in response.text


def test_profile_of_another_organisation_needs_named_sharing(
    client, lead, other_lead, organisation, comparison
):
    client.force_login(other_lead)
    assert client.get(profile_url(organisation)).status_code == 200
    submission_set_sharing(
        submission=comparison["own"], sharing=Submission.Sharing.ANONYMOUS, user=lead
    )
    assert client.get(profile_url(organisation)).status_code == 404


@pytest.fixture
def trend_data(organisation):
    """2017 in the old round (sections 1 and 2); 2018 and 2019 in the 2018 to 2020 round."""
    old_round = CriteriaRound.objects.create(name="2015–2017", first_year=2015, last_year=2017)
    old = edition_with_sections(year=2017, maxima=(40, 60), criteria_round=old_round)
    Section.objects.filter(criteria_round=old_round, number=2).update(name="Training")
    new_2018 = edition_with_sections(year=2018)
    new_2019 = edition_with_sections(year=2019)
    # Section 1 of the new round carries on section 1 of the old one: an admin-set link.
    Section.objects.filter(criteria_round=new_2018.criteria_round, number=1).update(
        continues=Section.objects.get(criteria_round=old_round, number=1)
    )
    add_submission(organisation, old, Submission.Sharing.NAMED, ["20", "30"])
    add_submission(organisation, new_2018, Submission.Sharing.PRIVATE, ["10", "15", None])
    add_submission(organisation, new_2019, Submission.Sharing.NAMED, ["10", "15", "25"])


def test_trend_marks_the_change_of_round_and_leaves_gaps(client, lead, organisation, trend_data):
    client.force_login(lead)
    response = client.get(reverse("submissions:trend", kwargs={"slug": organisation.slug}))
    trend = response.context["trend"]
    assert [point.edition.year for point in trend.points] == [2017, 2018, 2019]
    assert [point.new_round for point in trend.points] == [False, True, False]
    assert "New criteria from the 2018 index" in response.text
    cells = {
        section.name: [(cell.state, cell.percentage) for cell in section.cells]
        for section in trend.sections
    }
    assert cells["Section 1"] == [
        ("score", Decimal("50.00")),
        ("score", Decimal("50.00")),
        ("score", Decimal("50.00")),
    ]
    assert cells["Training"] == [("score", Decimal("50.00")), *[("not_in_round", None)] * 2]
    assert cells["Section 3"] == [("not_in_round", None), ("missing", None), ("score", 50)]
    csv_text = client.get(
        reverse("submissions:trend_csv", kwargs={"slug": organisation.slug})
    ).content.decode()
    assert "Training (2015–2017) percentage,,50.00,not in this round,not in this round" in csv_text
    assert "Section 3 (2018–2020) percentage,,not in this round,no score,50.00" in csv_text
    assert "Section 1 (2018–2020) percentage,Section 1 (2015–2017),50.00,50.00,50.00" in csv_text


def test_trend_crosses_a_round_only_along_the_continues_link(
    client, lead, organisation, trend_data
):
    # Section 2 of the old round now has the same name as section 2 of the new round, unlinked.
    old_round = CriteriaRound.objects.get(name="2015–2017")
    Section.objects.filter(criteria_round=old_round, number=2).update(name="Section 2")
    client.force_login(lead)
    response = client.get(reverse("submissions:trend", kwargs={"slug": organisation.slug}))
    rows = [
        (section.name, section.section.round_name, [cell.state for cell in section.cells])
        for section in response.context["trend"].sections
    ]
    assert rows == [
        ("Section 1", "2018–2020", ["score", "score", "score"]),
        ("Section 2", "2015–2017", ["score", "not_in_round", "not_in_round"]),
        ("Section 2", "2018–2020", ["not_in_round", "score", "score"]),
        ("Section 3", "2018–2020", ["not_in_round", "missing", "score"]),
    ]
    linked = response.context["trend"].sections[0]
    assert linked.crosses_rounds
    assert [cell.earlier for cell in linked.cells] == [True, False, False]
    assert "2018–2020 criteria; continues Section 1 (2015–2017)" in response.text
    csv_text = client.get(
        reverse("submissions:trend_csv", kwargs={"slug": organisation.slug})
    ).content.decode()
    assert "Section 2 (2015–2017) percentage,,50.00,not in this round,not in this round" in (
        csv_text
    )
    assert "Section 2 (2018–2020) percentage,,not in this round,50.00,50.00" in csv_text


def test_trend_follows_a_chain_of_links_past_a_round_it_does_not_show(client, lead, organisation):
    first = CriteriaRound.objects.create(name="2015–2017", first_year=2015, last_year=2017)
    middle = CriteriaRound.objects.create(name="2018–2020", first_year=2018, last_year=2020)
    last = CriteriaRound.objects.create(name="2022–2024", first_year=2022, last_year=2024)
    old = edition_with_sections(year=2017, maxima=(40, 60), criteria_round=first)
    edition_with_sections(year=2019, maxima=(40, 60), criteria_round=middle)
    new = edition_with_sections(year=2022, maxima=(50, 50), criteria_round=last)
    for earlier, later in ((first, middle), (middle, last)):
        Section.objects.filter(criteria_round=later, number=1).update(
            continues=Section.objects.get(criteria_round=earlier, number=1)
        )
    add_submission(organisation, old, Submission.Sharing.NAMED, ["10", "30"])
    add_submission(organisation, new, Submission.Sharing.NAMED, ["40", "25"])
    client.force_login(lead)
    response = client.get(reverse("submissions:trend", kwargs={"slug": organisation.slug}))
    sections = response.context["trend"].sections
    assert [(section.section.round_name, section.name) for section in sections] == [
        ("2022–2024", "Section 1"),
        ("2015–2017", "Section 2"),
        ("2022–2024", "Section 2"),
    ]
    assert [(cell.state, cell.percentage) for cell in sections[0].cells] == [
        ("score", Decimal("25.00")),
        ("score", Decimal("80.00")),
    ]
    assert [earlier.round_name for earlier in sections[0].continues] == ["2018–2020", "2015–2017"]


def test_trend_for_others_shows_only_named_editions(client, other_lead, organisation, trend_data):
    client.force_login(other_lead)
    response = client.get(reverse("submissions:trend", kwargs={"slug": organisation.slug}))
    assert [point.edition.year for point in response.context["trend"].points] == [2017, 2019]


def test_charts_are_accessible_svg_without_style_attributes(
    client, lead, organisation, comparison
):
    client.force_login(lead)
    for url in (
        profile_url(organisation),
        section_url(),
        reverse("submissions:trend", kwargs={"slug": organisation.slug}),
    ):
        content = client.get(url).content.decode()
        assert '<svg xmlns="http://www.w3.org/2000/svg" class="portal-chart" role="img"' in content
        assert "<title id=" in content
        assert "<desc id=" in content
        assert "style=" not in content
        assert "<table" in content
        assert "(CSV)" in content


def test_unknown_section_or_edition_is_not_found(client, member, edition):
    client.force_login(member)
    assert client.get(section_url(number=9)).status_code == 404
    assert client.get(section_url(year=2001)).status_code == 404


def test_hostile_names_are_escaped_in_charts_and_pages(client, member, edition):
    hostile = OrganisationFactory(name='<script>alert("x")</script> Office')
    add_submission(hostile, edition, Submission.Sharing.NAMED, ["5", "5", "5"])
    client.force_login(member)
    content = client.get(section_url()).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert" in content


def test_sector_with_no_sharers_shows_no_sector_average(client, project_team, edition):
    lonely = OrganisationFactory(sector=Organisation.Sector.EDUCATION)
    add_submission(lonely, edition, Submission.Sharing.PRIVATE, ["1", "2", "3"])
    for _ in range(3):
        add_submission(OrganisationFactory(), edition, Submission.Sharing.NAMED, ["4", "5", "6"])
    client.force_login(project_team)
    profile = client.get(profile_url(lonely)).context["profile"]
    assert profile.rows[0].averages["sector"].count is None
    assert not profile.rows[0].averages["sector"].shown
    assert profile.rows[0].averages["portal"].mean == Decimal("4.00")


def test_edition_with_no_sharers_has_an_empty_section_view(client, member, edition):
    client.force_login(member)
    response = client.get(section_url())
    assert response.status_code == 200
    assert "No organisation has shared a score in this section yet." in response.text
    assert client.get(section_url("submissions:section_leaders")).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/compare/99999999999/sections/1/",
        "/compare/2019/sections/99999999999/csv/",
        "/compare/organisations/department-for-testing/99999999999/",
        "/compare/organisations/%3Cscript%3E/trend/",
    ],
)
def test_out_of_range_or_hostile_addresses_are_not_found(client, member, edition, url):
    client.force_login(member)
    assert client.get(url).status_code == 404


def test_choosing_an_organisation_opens_its_trend(client, other_lead, organisation, comparison):
    client.force_login(other_lead)
    response = client.get(reverse("submissions:compare"), {"organisation": organisation.slug})
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:trend", kwargs={"slug": organisation.slug})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Select an organisation"),
        ("hidden-agency", "Select an organisation from the list"),
        ("secret-department", "Select an organisation from the list"),
        ("<script>alert(1)</script>", "Select an organisation from the list"),
        ("x" * 5000, "Select an organisation from the list"),
    ],
)
def test_trend_choice_rejects_unknown_private_and_anonymous_organisations(
    client, other_lead, comparison, value, message
):
    client.force_login(other_lead)
    response = client.get(reverse("submissions:compare"), {"organisation": value})
    assert response.status_code == 200
    assert response.text.count(message) >= 1
    assert "<title>Error: Compare results – WEI good-practice portal</title>" in response.text
    for secret in ("Hidden Agency", "hidden-agency", "Secret Department", "<script>alert"):
        assert secret not in response.text


def test_who_did_this_well_links_to_good_practice_for_the_section(client, member, edition):
    from django.urls import NoReverseMatch

    section = EditionSection.objects.get(edition=edition, section__number=1).section
    try:
        entries_url = reverse("guidance:section_entries", kwargs={"pk": section.pk})
    except NoReverseMatch:
        pytest.skip("The good-practice library has no section pages yet")
    client.force_login(member)
    response = client.get(section_url("submissions:section_leaders"))
    assert f'href="{entries_url}"' in response.text


# Caching: what every viewer shares is cached under the data version, read on every request.


def test_sharing_change_shows_on_the_very_next_request(
    client, lead, other_lead, organisation, comparison
):
    client.force_login(other_lead)
    assert "Department for Testing" in client.get(section_url()).content.decode()
    client.force_login(lead)
    before = client.get(profile_url(organisation)).context["profile"]
    assert before.total_count == 5

    submission_set_sharing(
        submission=comparison["own"], sharing=Submission.Sharing.PRIVATE, user=lead
    )

    client.force_login(other_lead)
    for name in ["submissions:section_compare", "submissions:section_compare_csv"]:
        content = client.get(section_url(name)).content.decode()
        assert "Department for Testing" not in content
    leaders = client.get(section_url("submissions:section_leaders")).content.decode()
    assert "Department for Testing" not in leaders
    assert client.get(profile_url(organisation)).status_code == 404
    client.force_login(lead)
    after = client.get(profile_url(organisation)).context["profile"]
    assert after.total_count == 4
    assert after.rows[0].averages["portal"].count == 4


def test_section_score_change_shows_on_the_very_next_request(
    client, other_lead, organisation, comparison
):
    client.force_login(other_lead)
    first = client.get(section_url()).context["comparison"]
    assert first.average.mean == Decimal("10.15")

    # The anonymous organisation's new score (and a total that allows it) by import.
    results_import(
        data=b"organisation,edition,total_score,section_1\nHidden Agency,2019,69.49,19.5\n",
        filename="results.csv",
    )

    again = client.get(section_url()).context["comparison"]
    assert again.entries[0].label == "Organisation A"
    assert again.entries[0].score == Decimal("19.5")
    # (19.5 + 10 + 12.5 + 9.5 + 11.77) / 5 = 12.654
    assert again.average.mean == Decimal("12.65")
    profile = client.get(profile_url(organisation)).context["profile"]
    assert profile.rows[0].averages["portal"].mean == Decimal("12.65")


def test_anonymous_organisation_is_never_named_after_its_own_members_fill_the_cache(
    client, other_lead, hidden_agency, secret_department, comparison
):
    hidden = ("Hidden Agency", "HIDAG", "hidden-agency")
    pages = [
        section_url(name, number)
        for name in (
            "submissions:section_compare",
            "submissions:section_compare_csv",
            "submissions:section_leaders",
        )
        for number in (1, 2, 3)
    ]
    client.force_login(insider_of(hidden_agency))
    own = client.get(section_url()).content.decode()
    assert "Hidden Agency (your organisation)" in own
    for url in pages:
        client.get(url)
    client.force_login(insider_of(secret_department))
    for url in pages:
        client.get(url)

    client.force_login(other_lead)
    for _twice in range(2):
        for url in pages:
            content = client.get(url).content.decode()
            for secret in (*hidden, "Secret Department"):
                assert secret.lower() not in content.lower(), url
            # Only the viewer's own organisation, in the table and (shortened) on the chart.
            assert "(your organisation)" not in re.sub(
                r"Office for Other( Things|…) \(your organisation\)", "", content
            )
    # Not even what the cache holds for everyone has an anonymous or private organisation's
    # name. What it holds for an organisation's own people (keyed by their organisations,
    # "own") names that organisation, and reaches no one else, as the pages above show.
    shared = {
        key: value
        for key, value in cache._cache.items()
        if ("section" in key or "leaders" in key) and ":own:" not in key and "-own" not in key
    }
    own = [key for key in cache._cache if ":own:" in key or "-own" in key]
    assert shared
    assert own
    stored = b"".join(shared.values())
    for secret in (*hidden, "Secret Department", "your organisation"):
        assert secret.encode() not in stored


def test_a_section_is_cached_under_its_own_version_which_other_sections_and_editions_leave(
    client, lead, other_lead, comparison
):
    def key():
        version = DataVersion.objects.current().section_version(2019, 1)
        return f"compare:{version}:section:2019:1"

    def edition():
        return DataVersion.objects.current().edition_version(2019)

    everything = DataVersion.objects.current().version
    client.force_login(other_lead)
    client.get(section_url())
    first, first_edition = key(), edition()
    assert cache.has_key(first)

    data_version_bump(2020)  # a change in another edition
    assert (key(), edition()) == (first, first_edition)
    data_version_bump(2019, section=2)  # a score saved in another section of this edition
    assert key() == first
    assert edition() != first_edition  # the edition's figures (averages of the total) move
    assert DataVersion.objects.current().version > everything

    submission_set_sharing(
        submission=comparison["own"], sharing=Submission.Sharing.ANONYMOUS, user=lead
    )
    changed = key()
    assert changed != first
    client.get(section_url())
    assert cache.has_key(changed)

    data_version_bump(2019, section=1)  # a score saved in this section
    assert key() not in (first, changed)
    moved = key()
    data_version_bump()  # a change across the portal (an organisation renamed, say)
    assert key() not in (first, changed, moved)


def test_your_organisation_marker_is_only_on_its_own_members_pages(
    client, lead, other_lead, comparison
):
    csv_url = section_url("submissions:section_compare_csv")
    for _twice in range(2):
        client.force_login(other_lead)
        assert (
            "Office for Other Things (your organisation)" in client.get(csv_url).content.decode()
        )
        page = client.get(section_url()).content.decode()
        assert "Office for Other Things (your organisation)" in page
        assert "Department for Testing (your organisation)" not in page
        client.force_login(lead)
        content = client.get(csv_url).content.decode()
        assert "Department for Testing (your organisation)" in content
        assert "Office for Other Things (your organisation)" not in content
        page = client.get(section_url()).content.decode()
        assert "Office for Other Things (your organisation)" not in page


def test_profile_with_too_few_sharers_says_so_once_rather_than_on_every_bar(
    client, lead, organisation, shared_submission
):
    client.force_login(lead)
    text = client.get(profile_url(organisation)).text
    chart = text[text.index("<svg") : text.index("</svg>")]
    assert "not enough organisations have shared" not in chart
    assert "no figure" not in chart
    assert chart.count("<rect") == 3  # the organisation's own three sections, no legend
    assert text.count("The chart leaves out") == 1
    first, second, third = AVERAGE_NAMES.values()
    assert f"The chart leaves out {first}, {second} and {third}" in text


def test_section_chart_marks_the_viewers_own_bar_with_a_pattern_and_its_whole_label(
    client, other_lead, comparison
):
    client.force_login(other_lead)
    text = client.get(section_url()).text
    chart = text[text.index("<svg") : text.index("</svg>")]
    assert 'id="section-chart-own"' in chart
    assert chart.count('fill="url(#section-chart-own)"') == 1
    assert chart.count('font-weight="bold"') == 2  # its name and its figure
    assert "Office for Other… (your organisation)</text>" in chart


def table_rows(text):
    """(position, organisation) of each row of the section's table, in order."""
    table = text[text.index('id="section-scores"') :]
    return [
        (position, re.sub(r"<[^>]+>", "", label).strip())
        for position, label in re.findall(
            r'<tr class="govuk-table__row"><td class="govuk-table__cell '
            r'govuk-table__cell--numeric">(\d+)</td><th scope="row" '
            r'class="govuk-table__header">(.*?)</th>',
            table,
        )
    ]


def aria_sorts(text):
    return re.findall(
        r'aria-sort="(\w+)"><a class="govuk-link portal-sort-link" href="([^"]*)"', text
    )


def test_section_table_sorts_by_organisation_or_score_with_links_and_aria_sort(
    client, other_lead, comparison
):
    client.force_login(other_lead)
    # Section 1: other 12.5, Unseen Unit 11.77, own 10, Silent Service 9.5, Hidden Agency 7.
    ranked = [
        ("1", "Office for Other Things (your organisation)"),
        ("2", "Organisation A"),
        ("3", "Department for Testing"),
        ("4", "Organisation B"),
        ("5", "Organisation C"),
    ]
    default = client.get(section_url()).text
    assert table_rows(default) == ranked
    assert aria_sorts(default) == [
        ("none", "?sort=organisation-asc#section-scores"),
        ("descending", "?sort=score-asc#section-scores"),
    ]
    by_name = client.get(section_url(), {"sort": "organisation-asc"}).text
    assert table_rows(by_name) == [ranked[2], ranked[0], ranked[1], ranked[3], ranked[4]]
    assert aria_sorts(by_name) == [
        ("ascending", "?sort=organisation-desc#section-scores"),
        ("none", "?sort=score-desc#section-scores"),
    ]
    by_name_reversed = client.get(section_url(), {"sort": "organisation-desc"}).text
    assert table_rows(by_name_reversed) == [ranked[4], ranked[3], ranked[1], ranked[0], ranked[2]]
    lowest_first = client.get(section_url(), {"sort": "score-asc"}).text
    assert table_rows(lowest_first) == ranked[::-1]
    assert aria_sorts(lowest_first)[1] == ("ascending", "?sort=score-desc#section-scores")
    # The chart keeps ranking by score; an unknown order is the ranking.
    chart = by_name[by_name.index("<svg") : by_name.index("</svg>")]
    assert chart.index("Office for Other") < chart.index("Department for Testing")
    for hostile in ("<script>", "name", "-score", ""):
        assert table_rows(client.get(section_url(), {"sort": hostile}).text) == ranked


@pytest.mark.parametrize("sort", ["organisation-asc", "organisation-desc", "score-asc"])
def test_sorted_tables_from_the_cache_match_tables_drawn_afresh(
    client, other_lead, lead, hidden_agency, secret_department, comparison, sort
):
    viewers = [
        insider_of(hidden_agency),
        insider_of(secret_department),
        other_lead,
        lead,
        insider_of(OrganisationFactory()),
    ]
    fresh = {}
    for viewer in viewers:
        cache.clear()
        client.force_login(viewer)
        fresh[viewer.pk] = table_rows(client.get(section_url(), {"sort": sort}).text)
    cache.clear()
    for _twice in range(2):
        for viewer in viewers:
            client.force_login(viewer)
            text = client.get(section_url(), {"sort": sort}).text
            assert table_rows(text) == fresh[viewer.pk], viewer
    outsider = fresh[viewers[-1].pk]
    assert not any("Hidden Agency" in label or "Secret" in label for _p, label in outsider)
    assert ("5", "Hidden Agency (your organisation)") in fresh[viewers[0].pk]


def test_cached_figures_of_a_private_profile_and_of_a_fuller_trend_reach_no_one_else(
    client, edition, secret_department, other_lead, comparison
):
    """The figures are cached once whoever may see them has looked; everyone else is still
    refused the profile, and a trend shows each viewer only the editions they may see."""
    later = edition_with_sections(year=2020, criteria_round=edition.criteria_round)
    add_submission(secret_department, later, Submission.Sharing.NAMED, ["1", "2", "3"])
    insider = insider_of(secret_department)
    client.force_login(insider)
    private = client.get(profile_url(secret_department))
    assert private.status_code == 200
    assert "Secret Department: 2019 profile" in private.text
    trend_url = reverse("submissions:trend", kwargs={"slug": secret_department.slug})
    full = client.get(trend_url).text
    assert f'{profile_url(secret_department)}">2019<' in full
    assert f'{profile_url(secret_department, 2020)}">2020<' in full

    client.force_login(other_lead)
    assert client.get(profile_url(secret_department)).status_code == 404
    shown = client.get(trend_url).text
    assert f'{profile_url(secret_department, 2020)}">2020<' in shown
    assert profile_url(secret_department) not in shown


def test_the_index_lists_stay_cached_through_a_score_and_follow_a_sharing_change(
    client, other_lead, secret_department, comparison
):
    url = reverse("submissions:compare")
    option = f'<option value="{secret_department.slug}">Secret Department</option>'
    client.force_login(other_lead)
    assert option not in client.get(url).text  # private: not in the list everyone sees
    lists = DataVersion.objects.current().lists_version
    data_version_bump(2019, section=1)  # a score saved moves no list
    assert DataVersion.objects.current().lists_version == lists
    secret_lead = insider_of(secret_department, role=Membership.Role.LEAD)
    submission_set_sharing(
        submission=comparison["private"], sharing=Submission.Sharing.NAMED, user=secret_lead
    )
    assert DataVersion.objects.current().lists_version != lists
    assert option in client.get(url).text
