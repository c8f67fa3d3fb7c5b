"""Good practice beside a section: its own entries, entries for the sections it continues in
earlier rounds (marked), and those of the organisations that did it well first."""

import pytest
from django.urls import reverse

from guidance import services
from guidance.models import HelpfulMark
from networks.services import guidance_version_bump
from submissions.models import CriteriaRound, Section
from tests.guidance.factories import EntryFactory, PublishedEntryFactory
from tests.networks.factories import NetworkFactory, UserFactory
from tests.submissions.factories import edition_with_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(edition):
    """Section 1 of the 2018 round continues "Employee network group" of the 2015 round;
    section 2 shares its name with an unlinked section of the 2015 round."""
    old_round = CriteriaRound.objects.create(name="2015–2017", first_year=2015, last_year=2017)
    edition_with_sections(year=2017, maxima=(40, 60), criteria_round=old_round)
    old_one = Section.objects.get(criteria_round=old_round, number=1)
    old_one.name = "Employee network group"
    old_one.save()
    new_one = Section.objects.get(criteria_round=edition.criteria_round, number=1)
    new_one.continues = old_one
    new_one.save()
    return {
        "old_one": old_one,
        "new_one": new_one,
        "old_two": Section.objects.get(criteria_round=old_round, number=2),
    }


def published(network, title, *sections, helpful=0):
    entry = PublishedEntryFactory(network=network, title=title)
    entry.sections.set(sections)
    for _ in range(helpful):
        HelpfulMark.objects.create(entry=entry, user=UserFactory())
    return entry


def leaders_url(number=1):
    return reverse("submissions:section_leaders", kwargs={"year": 2019, "number": number})


def titles_in_order(text, titles):
    return sorted(titles, key=lambda title: text.index(title) if title in text else len(text))


def test_who_did_this_well_lists_earlier_rounds_entries_marked_and_leaders_first(
    client, member, network, other_network, comparison, rounds
):
    # other_organisation (12.5 of 20) is the only named organisation in the top quarter.
    published(network, "Own section, most helpful", rounds["new_one"], helpful=3)
    published(other_network, "Leader earlier entry", rounds["old_one"])
    published(NetworkFactory(), "Other earlier entry", rounds["old_one"])
    published(NetworkFactory(), "Same name, not linked", rounds["old_two"])
    EntryFactory(network=other_network, title="Leader draft").sections.add(rounds["new_one"])
    client.force_login(member)
    text = client.get(leaders_url()).text
    shown = ["Leader earlier entry", "Own section, most helpful", "Other earlier entry"]
    assert titles_in_order(text, shown) == shown
    for absent in ("Same name, not linked", "Leader draft"):
        assert absent not in text
    assert text.count("Earlier criteria</strong>") == 2
    assert "Written for Employee network group (2015–2017 criteria)" in text
    assert text.count("From an organisation that did this well") == 1
    # Section 2 continues nothing: the same-named earlier section's entry is not its.
    assert "Same name, not linked" not in client.get(leaders_url(2)).text


def test_section_good_practice_page_includes_the_sections_it_continues(
    client, member, network, rounds
):
    published(network, "Earlier entry", rounds["old_one"], helpful=5)
    published(network, "Current entry", rounds["new_one"])
    client.force_login(member)
    url = reverse("guidance:section_entries", kwargs={"pk": rounds["new_one"].pk})
    text = client.get(url).text
    assert titles_in_order(text, ["Earlier entry", "Current entry"]) == [
        "Current entry",
        "Earlier entry",
    ]
    assert text.count("Earlier criteria</strong>") == 1
    # The earlier section's own page does not show its successor's entries.
    old_url = reverse("guidance:section_entries", kwargs={"pk": rounds["old_one"].pk})
    old_text = client.get(old_url).text
    assert "Earlier entry" in old_text
    assert "Current entry" not in old_text
    assert "Earlier criteria</strong>" not in old_text


def test_who_did_this_well_good_practice_runs_the_same_queries_however_many_entries(
    client, member, other_network, comparison, rounds, django_assert_num_queries
):
    published(other_network, "First", rounds["old_one"])
    client.force_login(member)
    client.get(leaders_url())  # fill the cache of what every viewer shares
    # Session, user, data versions: the section's guidance and good practice are cached.
    with django_assert_num_queries(3):
        client.get(leaders_url())
    guidance_version_bump()
    # Read again once published guidance changed: the section's guidance documents, the
    # sections it continues, the entries and their sections.
    with django_assert_num_queries(7):
        client.get(leaders_url())
    for number in range(25):
        published(NetworkFactory(), f"Many {number}", rounds["new_one"], rounds["old_one"])
    guidance_version_bump()  # as publishing through the portal does
    with django_assert_num_queries(7):
        response = client.get(leaders_url())
    with django_assert_num_queries(3):
        cached = client.get(leaders_url()).text

    def good_practice(text):
        start = text.index('aria-labelledby="section-good-practice-')
        return text[start : text.index("</section>", start)]

    assert good_practice(cached) == good_practice(response.text)
    assert "All good practice for Section 1" in response.text


def test_who_did_this_well_good_practice_shows_a_withdrawal_and_a_helpful_mark_at_once(
    client, member, lead, network, comparison, rounds
):
    kept = published(network, "Kept entry", rounds["new_one"])
    gone = published(network, "Withdrawn entry", rounds["new_one"])
    client.force_login(member)
    text = client.get(leaders_url()).text
    assert "Withdrawn entry" in text
    assert "found helpful by 0 people" in text
    services.entry_withdraw(entry=gone, by=lead, reason="Out of date")
    services.entry_mark_helpful(entry=kept, user=member)
    text = client.get(leaders_url()).text
    assert "Withdrawn entry" not in text
    assert "found helpful by 1 person" in text
