"""Disclosure control: no figure the comparison pages show, alone or with the others, determines
the score of an organisation that shared anonymously.

The checks here rebuild the equations an attacker would write from what the pages and CSVs show
and the public directory (sectors), with their own arithmetic, and test them with matrix ranks:
a score is determined when adding its unit vector to the equations does not raise their rank.
"""

import csv
import io
import math
import time
from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse

from networks.models import Organisation
from networks.services import data_version_bump
from submissions.compare import disclosure
from submissions.compare.disclosure import (
    PORTAL,
    SECTOR,
    TOP_QUARTER,
    TOTAL,
    Cell,
    Decisions,
    Record,
    audit,
    edition_audit,
    structure_key,
)
from submissions.compare.statistics import NOT_ENOUGH
from submissions.models import Edition, EditionSection, SectionResult, Submission
from tests.networks.factories import OrganisationFactory
from tests.submissions.fixtures_compare import add_submission, insider_of, seed_sharers

NAMED = Submission.Sharing.NAMED
ANONYMOUS = Submission.Sharing.ANONYMOUS
EDUCATION = Organisation.Sector.EDUCATION
GOVERNMENT = Organisation.Sector.GOVERNMENT


# The attacker's arithmetic, written without the code under test.


def shared_rows(edition):
    """{submission id: (anonymous, sector, total, {section id: score})} of shared submissions."""
    rows = {
        pk: (sharing == ANONYMOUS, sector, total, {})
        for pk, sharing, sector, total in Submission.objects.filter(edition=edition)
        .exclude(sharing=Submission.Sharing.PRIVATE)
        .values_list("pk", "sharing", "organisation__sector", "total_score")
    }
    for submission_id, section_id, score in SectionResult.objects.filter(
        submission_id__in=rows, score__isnull=False
    ).values_list("submission_id", "section_id", "score"):
        rows[submission_id][3][section_id] = score
    return rows


def value_of(row, measure):
    return row[2] if measure == TOTAL else row[3].get(measure)


def group_members(rows, measure, group):
    """Submissions with a value in ``measure`` in ``group``, as a reader with the directory
    (and, at worst, the knowledge of who is in the highest-scoring quarter) sees them."""
    totals = sorted((row[2] for row in rows.values() if row[2] is not None), reverse=True)
    cutoff = totals[math.ceil(len(totals) / 4) - 1] if totals else None
    members = []
    for pk, row in rows.items():
        if value_of(row, measure) is None:
            continue
        if group[0] == SECTOR and row[1] != group[1]:
            continue
        if group[0] == TOP_QUARTER and (row[2] is None or row[2] < cutoff):
            continue
        members.append(pk)
    return members


def equations(rows, shown, listed_sections):
    """The rows of the attacker's equations over the anonymous scores, and the unknowns.

    ``shown`` are (measure, group) pairs whose average a page shows; ``listed_sections`` the
    sections whose page lists the anonymous scores (so their sum is known); and an anonymous
    submission whose total is the sum of its section scores links them.
    """
    unknowns = [
        (pk, measure)
        for pk, row in sorted(rows.items())
        if row[0]
        for measure in [*sorted(row[3]), TOTAL]
        if value_of(row, measure) is not None
    ]
    index = {unknown: n for n, unknown in enumerate(unknowns)}
    matrix = []
    groups = [*shown, *((section, (PORTAL,)) for section in listed_sections)]
    for measure, group in groups:
        line = np.zeros(len(unknowns))
        for pk in group_members(rows, measure, group):
            if (pk, measure) in index:
                line[index[(pk, measure)]] = 1
        if line.any():
            matrix.append(line)
    for pk, row in rows.items():
        if row[0] and row[2] is not None and row[3] and row[2] == sum(row[3].values()):
            line = np.zeros(len(unknowns))
            line[index[(pk, TOTAL)]] = 1
            for section in row[3]:
                line[index[(pk, section)]] = -1
            matrix.append(line)
    return np.array(matrix).reshape(-1, len(unknowns)), unknowns


def rank(matrix):
    return np.linalg.matrix_rank(matrix) if matrix.size else 0


def determined(matrix, unknowns, known=()):
    """Unknowns whose unit vector does not raise the rank, once ``known`` ones are added."""
    base = matrix
    for unknown in known:
        unit = np.zeros(len(unknowns))
        unit[unknowns.index(unknown)] = 1
        base = np.vstack([base, unit])
    before = rank(base)
    found = []
    for n, unknown in enumerate(unknowns):
        if unknown in known:
            continue
        unit = np.zeros(len(unknowns))
        unit[n] = 1
        if rank(np.vstack([base, unit])) == before:
            found.append(unknown)
    return found


def assert_nothing_determined(matrix, unknowns, insiders=True):
    assert determined(matrix, unknowns) == []
    if insiders:
        # An anonymous organisation knows its own scores; it must learn no one else's.
        for pk in {pk for pk, _measure in unknowns}:
            own = [unknown for unknown in unknowns if unknown[0] == pk]
            exposed = determined(matrix, unknowns, known=own)
            assert not exposed, (pk, exposed)


def listed_sections(rows, minimum=3):
    sections = {section for row in rows.values() for section in row[3]}
    return [
        section
        for section in sections
        if sum(1 for row in rows.values() if row[0] and section in row[3]) >= minimum
    ]


# The exact attack: a sector of three, two of them named, one anonymous.


@pytest.fixture
def education(edition):
    """Two named Education organisations and one anonymous; three named and three anonymous
    Government organisations."""
    colleges = [
        OrganisationFactory(
            name=f"{name} College", slug=f"{name.lower()}-college", sector=EDUCATION
        )
        for name in ("Alpha", "Beta", "Gamma")
    ]
    add_submission(colleges[0], edition, NAMED, ["10", "20", "30"])
    add_submission(colleges[1], edition, NAMED, ["12", "14", "41.5"])
    add_submission(colleges[2], edition, ANONYMOUS, ["17.25", "8", "22"])
    for n, sharing in enumerate([NAMED, NAMED, NAMED, ANONYMOUS, ANONYMOUS, ANONYMOUS]):
        add_submission(
            OrganisationFactory(sector=GOVERNMENT),
            edition,
            sharing,
            [str(5 + n), str(9 + 2 * n), str(20 + 3 * n)],
        )
    return colleges


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_sector_average_of_two_named_and_one_anonymous_is_never_shown(
    client, member, edition, education
):
    client.force_login(member)
    alpha = education[0]
    page = client.get(reverse("submissions:profile", kwargs={"slug": alpha.slug, "year": 2019}))
    profile = page.context["profile"]
    assert not any(row.averages["sector"].shown for row in [*profile.rows, profile.total])
    assert "Not enough organisations have shared" in page.text
    # The highest-scoring quarter (Beta, Alpha and one anonymous) is withheld, and so is its
    # size.
    assert not profile.total.averages["top_quarter"].shown
    assert profile.top_quarter_count is None
    assert "This year it is" not in page.text
    rows = csv_rows(
        client.get(reverse("submissions:profile_csv", kwargs={"slug": alpha.slug, "year": 2019}))
    )
    for row in rows:
        assert row["sector_average"] == NOT_ENOUGH
        assert row["sector_average_percentage"] == NOT_ENOUGH
        # Nothing says how many organisations stand behind a withheld figure.
        assert row["sector_organisations"] == ""
    # The Education averages (13.08 in section 1, 31.17 in section 3, 58.25 for the total),
    # which less the two named scores would give Gamma College's, are nowhere.
    text = "".join(
        client.get(
            reverse("submissions:profile_csv", kwargs={"slug": college.slug, "year": 2019})
        ).content.decode()
        for college in education[:2]
    )
    for figure in ("13.08", "31.17", "58.25", "47.25"):
        assert figure not in text


def test_differencing_the_portal_and_the_other_sectors_is_withheld_too(
    client, member, edition, education
):
    # The section lists show all four anonymous scores, so their sum is known; the Government
    # sector's average holds three of them: shown, it would leave Gamma College's score.
    _records, result = edition_audit(edition.pk)
    withheld = {(cell.measure, cell.group) for cell in result.secondary}
    assert all(
        (section, (SECTOR, GOVERNMENT)) in withheld
        for section in EditionSection.objects.filter(edition=edition).values_list(
            "section_id", flat=True
        )
    )
    assert result.determined == []


def published_by_pages(client, edition):
    """(measure, group) of every average the named organisations' profile CSVs show, and the
    sections whose CSV lists anonymous rows, read as an attacker reads them."""
    sections = dict(
        EditionSection.objects.filter(edition=edition).values_list("section__number", "section_id")
    )
    shown = set()
    named = Submission.objects.filter(edition=edition, sharing=NAMED).select_related(
        "organisation"
    )
    for submission in named:
        url = reverse(
            "submissions:profile_csv",
            kwargs={"slug": submission.organisation.slug, "year": edition.year},
        )
        for row in csv_rows(client.get(url)):
            measure = sections[int(row["section_number"])] if row["section_number"] else TOTAL
            for kind, group in (
                ("portal", (PORTAL,)),
                ("sector", (SECTOR, submission.organisation.sector)),
                ("highest_quarter_on_portal", (TOP_QUARTER,)),
            ):
                if row[f"{kind}_average"] != NOT_ENOUGH:
                    shown.add((measure, group))
    listed = []
    for number, section_id in sections.items():
        url = reverse(
            "submissions:section_compare_csv", kwargs={"year": edition.year, "number": number}
        )
        if any(
            row["organisation"].startswith("Organisation ") for row in csv_rows(client.get(url))
        ):
            listed.append(section_id)
    return shown, listed


def test_no_anonymous_score_follows_from_every_figure_the_pages_show(
    client, member, edition, education
):
    client.force_login(member)
    shown, listed = published_by_pages(client, edition)
    # The pages still show something: the portal averages.
    assert shown
    assert listed
    matrix, unknowns = equations(shared_rows(edition), sorted(shown, key=str), listed)
    assert len(unknowns) == 4 * 4
    assert_nothing_determined(matrix, unknowns)
    # Without the suppression, the attack works: Gamma College's scores follow.
    every = [
        (measure, group)
        for measure in [
            *EditionSection.objects.filter(edition=edition).values_list("section_id", flat=True),
            TOTAL,
        ]
        for group in [(PORTAL,), (SECTOR, GOVERNMENT)]
    ]
    matrix, unknowns = equations(shared_rows(edition), every, listed)
    gamma = Submission.objects.get(organisation=education[2]).pk
    assert {pk for pk, _measure in determined(matrix, unknowns)} == {gamma}


# The audit itself.


def record(pk, sector, anonymous, scores, top=False):
    scores = {n: Decimal(score) for n, score in enumerate(scores, start=1) if score is not None}
    return Record(pk, pk, anonymous, sector, sum(scores.values()), scores, top)


def test_primary_rule_withholds_groups_with_one_or_two_anonymous_members(settings):
    settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE = 3
    records = [
        record(1, "a", False, ["1", "2"]),
        record(2, "a", False, ["2", "3"]),
        record(3, "a", True, ["3", "4"]),
        record(4, "b", True, ["4", "5"]),
        record(5, "b", True, ["5", "6"]),
        record(6, "b", True, ["6", "7"]),
        record(7, "b", False, ["7", "8"]),
    ]
    result = audit(records, [1, 2, TOTAL])
    assert Cell(1, (SECTOR, "a")) in result.primary
    assert Cell(TOTAL, (SECTOR, "a")) in result.primary
    # Four anonymous scores listed in each section: the portal sum is known, and sector b's
    # three would leave sector a's one. Sector b is withheld.
    assert Cell(1, (SECTOR, "b")) in result.secondary
    assert Cell(1, (PORTAL,)) in result.fixed
    assert result.determined == []
    assert result.shown(Cell(TOTAL, (PORTAL,)))


def test_an_organisation_that_knows_its_own_scores_learns_no_one_elses(settings):
    settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE = 3
    # Sector a holds anonymous 1, 2, 3; the top quarter anonymous 1, 2, 4; with the portal,
    # a - top = x3 - x4, so organisation 3 would learn organisation 4's score.
    records = [
        record(1, "a", True, ["9", "9"], top=True),
        record(2, "a", True, ["8", "9"], top=True),
        record(3, "a", True, ["2", "3"]),
        record(4, "b", True, ["9", "8"], top=True),
        record(5, "b", False, ["1", "1"]),
        record(6, "b", False, ["2", "1"]),
        record(7, "a", False, ["1", "2"]),
        record(8, "b", False, ["9", "9"], top=True),
        record(9, "b", True, ["1", "1"]),
        record(10, "a", False, ["3", "3"]),
        record(11, "b", True, ["2", "2"]),
    ]
    result = audit(records, [1, 2, TOTAL])
    assert result.secondary
    assert result.determined == []
    rows = {
        rec.submission_id: (rec.anonymous, rec.sector, rec.total, rec.scores) for rec in records
    }
    tops = {rec.submission_id for rec in records if rec.in_top_quarter}
    shown = [
        (cell.measure, cell.group)
        for cell in result.cells
        if result.shown(cell) and cell not in result.fixed
    ]
    # The audit's own top-quarter flags (the test's cutoff is by total, which these ignore).
    matrix, unknowns = equations_with_top(rows, shown, [1, 2], tops)
    assert_nothing_determined(matrix, unknowns)


def equations_with_top(rows, shown, listed, tops):
    """``equations`` with a given highest-scoring quarter."""
    renamed = []
    extra = []
    for measure, group in shown:
        if group == (TOP_QUARTER,):
            extra.append(measure)
        else:
            renamed.append((measure, group))
    matrix, unknowns = equations(rows, renamed, listed)
    index = {unknown: n for n, unknown in enumerate(unknowns)}
    lines = [matrix]
    for measure in extra:
        line = np.zeros(len(unknowns))
        for pk in tops:
            if (pk, measure) in index:
                line[index[(pk, measure)]] = 1
        lines.append(line.reshape(1, -1))
    return np.vstack(lines), unknowns


def test_the_command_fails_when_a_score_is_still_determined(edition, settings):
    settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE = 1
    add_submission(OrganisationFactory(), edition, ANONYMOUS, ["1", "2", "3"])
    add_submission(OrganisationFactory(), edition, NAMED, ["2", "2", "3"])
    out = io.StringIO()
    with pytest.raises(CommandError, match="still determined"):
        call_command("disclosure_audit", "--edition", "2019", stdout=out)
    assert "determined: submission" in out.getvalue()
    with pytest.raises(CommandError, match="No 2001 edition"):
        call_command("disclosure_audit", "--edition", "2001", stdout=out)


# The audit's decisions depend on who is in which group, never on the scores' values, so
# they are cached under the edition's structure and a saved score reuses them.


def random_records(rng, count):
    """``count`` records in three sectors, a third anonymous, a quarter marked top, with
    section scores (one in ten missing) and totals their sums."""
    return [
        record(
            pk,
            "abc"[pk % 3],
            pk % 3 == 1 or pk % 5 == 0,
            [None if rng.random() < 0.1 else str(rng.integers(0, 20)) for _section in range(3)],
            top=pk % 4 == 0,
        )
        for pk in range(1, count + 1)
    ]


def rescored(rng, records):
    """The same records with other scores where they had one, and totals their sums."""
    again = []
    for rec in records:
        scores = {section: Decimal(int(rng.integers(0, 2000))) / 100 for section in rec.scores}
        again.append(replace(rec, scores=scores, total=sum(scores.values())))
    return again


def test_decisions_depend_on_the_structure_and_not_on_the_scores(settings):
    settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE = 3
    measures = [1, 2, 3, TOTAL]
    rng = np.random.default_rng(7)
    secondary_seen = False
    for count in (9, 14, 23, 40):
        records = random_records(rng, count)
        before = Decisions.of(audit(records, measures))
        secondary_seen |= bool(before.secondary)
        # Other scores, the same groups: the same decisions, worked out again from scratch.
        other = rescored(rng, records)
        assert structure_key(other, measures) == structure_key(records, measures)
        assert Decisions.of(audit(other, measures)) == before
    assert secondary_seen
    # What the decisions do depend on moves the key.
    base = [
        record(pk, "abc"[pk % 3], pk % 3 == 1, ["5"] * 3, top=pk % 4 == 0) for pk in range(1, 13)
    ]
    key = structure_key(base, measures)

    def changed(index, **changes):
        return [replace(rec, **changes) if n == index else rec for n, rec in enumerate(base)]

    assert base[0].anonymous and base[3].in_top_quarter
    changes = {
        "another sector": changed(1, sector="z"),
        "out of the top": changed(3, in_top_quarter=False),
        "a score fewer": changed(1, scores={1: Decimal(5), 2: Decimal(5)}, total=Decimal(10)),
        "an anonymous total not the sum": changed(0, total=Decimal(99)),
        "anonymous": changed(1, anonymous=True),
    }
    for change, records in changes.items():
        assert structure_key(records, measures) != key, change
    settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE = 4
    assert structure_key(base, measures) != key


def test_a_saved_score_reuses_the_decisions_and_adds_up_the_cells_again(
    edition, settings, monkeypatch
):
    settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE = 3
    seed_sharers(edition, 30)
    records, first = edition_audit(edition.pk)
    assert first.secondary or first.primary
    result = (
        SectionResult.objects.filter(submission__edition=edition, score__isnull=False)
        .exclude(submission__sharing=Submission.Sharing.PRIVATE)
        .first()
    )
    result.score += Decimal("0.25")
    result.save()
    Submission.objects.filter(pk=result.submission_id).update(
        total_score=F("total_score") + Decimal("0.25")
    )

    def no_audit(*_arguments):
        raise AssertionError("the decisions were worked out again")

    monkeypatch.setattr(disclosure, "audit", no_audit)
    records, again = edition_audit(edition.pk)
    monkeypatch.undo()
    fresh = audit(records, [*disclosure.edition_section_ids(edition.pk), TOTAL])
    assert Decisions.of(again) == Decisions.of(fresh) == Decisions.of(first)
    assert again.cells == fresh.cells != first.cells
    # The cell holding the saved score, added up by hand.
    rows = shared_rows(edition)
    cell = Cell(result.section_id, (PORTAL,))
    assert again.cells[cell].total == sum(
        scores[result.section_id]
        for *_rest, scores in rows.values()
        if result.section_id in scores
    )
    # A change of who shares how is a change of structure: worked out again.
    Submission.objects.filter(pk=result.submission_id).update(sharing=ANONYMOUS)
    calls = []

    def counted_audit(*arguments):
        calls.append(arguments)
        return audit(*arguments)

    monkeypatch.setattr(disclosure, "audit", counted_audit)
    records, changed = edition_audit(edition.pk)
    assert len(calls) == 1
    assert Decisions.of(changed) == Decisions.of(audit(*calls[0]))


# The demo data and a national scale.


@pytest.fixture
def demo(db):
    call_command("load_demo_data", allow_production=True, stdout=io.StringIO())


def test_demo_data_passes_the_audit_and_the_attackers_check(demo):
    out = io.StringIO()
    call_command("disclosure_audit", stdout=out)
    assert "No anonymous score is determined." in out.getvalue()
    suppressed = 0
    for edition in Edition.objects.all():
        _records, result = edition_audit(edition.pk)
        suppressed += len(result.secondary)
        rows = shared_rows(edition)
        shown = [
            (cell.measure, cell.group)
            for cell in result.cells
            if result.shown(cell) and cell.group[0] != TOP_QUARTER
        ]
        tops = {rec.submission_id for rec in _records if rec.in_top_quarter}
        shown_top = [
            (cell.measure, cell.group)
            for cell in result.cells
            if result.shown(cell) and cell.group[0] == TOP_QUARTER
        ]
        matrix, unknowns = equations_with_top(rows, shown + shown_top, listed_sections(rows), tops)
        assert_nothing_determined(matrix, unknowns)
    # The demo has overlapping groups that needed secondary suppression.
    assert suppressed


def test_audit_at_national_scale_is_fast_and_leaves_nothing_determined(edition):
    sectors = [sector for sector in Organisation.Sector if sector != Organisation.Sector.OTHER]
    organisations = seed_sharers(edition, 480)
    for n, organisation in enumerate(organisations):
        organisation.sector = sectors[(n * 5 + n // 7) % len(sectors)]
    # A sector of four: two named, one anonymous, one private. Its own averages are withheld,
    # and the portal less every other sector would give its anonymous member's scores.
    for organisation in organisations[:4]:
        organisation.sector = Organisation.Sector.OTHER
    Organisation.objects.bulk_update(organisations, ["sector"])
    started = time.perf_counter()
    records, result = edition_audit(edition.pk)
    elapsed = time.perf_counter() - started
    anonymous = [rec for rec in records if rec.anonymous]
    assert len(anonymous) == 120
    assert result.determined == []
    assert {cell.group for cell in result.secondary} & {(SECTOR, sector) for sector in sectors}
    assert elapsed < 20
    # Checked with the attacker's arithmetic (without insiders: a rank test for every pair
    # would be slow at this size).
    rows = shared_rows(edition)
    tops = {rec.submission_id for rec in records if rec.in_top_quarter}
    shown = [(cell.measure, cell.group) for cell in result.cells if result.shown(cell)]
    matrix, unknowns = equations_with_top(rows, shown, listed_sections(rows), tops)
    assert len(unknowns) == 120 * 4
    assert determined(matrix, unknowns) == []


# The sharing page says what anonymity can and cannot protect, before a lead chooses it.


def sharing_url(submission):
    return reverse("submissions:sharing", kwargs={"pk": submission.pk})


def test_sharing_page_warns_the_only_organisation_of_its_sector(client, lead, submission):
    submission.organisation.sector = Organisation.Sector.EMERGENCY_SERVICES
    submission.organisation.save()
    client.force_login(lead)
    page = client.get(sharing_url(submission)).text
    assert "is the only Emergency Services organisation on this portal" in page
    assert "What sharing anonymously protects, and what it cannot" in page
    assert "at least 3 organisations have shared anonymously" in page


def test_sharing_page_warns_a_sector_too_small_and_not_a_large_one(
    client, lead, submission, settings
):
    submission.organisation.sector = Organisation.Sector.EDUCATION
    submission.organisation.save()
    OrganisationFactory(sector=Organisation.Sector.EDUCATION)
    client.force_login(lead)
    page = client.get(sharing_url(submission)).text
    assert "is one of only 2 Education organisations on this portal" in page
    for _ in range(2):
        OrganisationFactory(sector=Organisation.Sector.EDUCATION)
    page = client.get(sharing_url(submission)).text
    assert "Education organisation" not in page
    assert "What sharing anonymously protects, and what it cannot" in page
    settings.MINIMUM_ORGANISATIONS_FOR_AVERAGE = 5
    page = client.get(sharing_url(submission)).text
    assert "is one of only 4 Education organisations on this portal" in page
    assert "at least 5 organisations have shared anonymously" in page


def test_section_lists_no_anonymous_score_where_too_few_shared_anonymously(
    client, member, edition
):
    for scores in (["11", "1", "1"], ["12", "1", "1"], ["14", "1", "1"]):
        add_submission(OrganisationFactory(), edition, NAMED, scores)
    for scores in (["13.5", "1", "1"], ["2", "1", "1"]):
        add_submission(OrganisationFactory(), edition, ANONYMOUS, scores)
    client.force_login(member)
    url = reverse("submissions:section_compare", kwargs={"year": 2019, "number": 1})
    page = client.get(url)
    comparison = page.context["comparison"]
    # The two anonymous scores are neither listed nor counted: the average is of the named.
    assert [entry.score for entry in comparison.entries] == [14, 12, 11]
    assert [entry.position for entry in comparison.entries] == [1, 2, 3]
    assert comparison.average.mean == Decimal("12.33")
    assert "Organisation A" not in page.text
    assert "Organisations listed" in page.text
    csv_text = client.get(
        reverse("submissions:section_compare_csv", kwargs={"year": 2019, "number": 1})
    ).content.decode()
    assert "Organisation A" not in csv_text
    assert "13.50" not in csv_text
    # A third anonymous organisation: all three are listed, and counted.
    add_submission(OrganisationFactory(), edition, ANONYMOUS, ["5", "1", "1"])
    data_version_bump()
    comparison = client.get(url).context["comparison"]
    assert [entry.score for entry in comparison.entries] == [14, Decimal("13.5"), 12, 11, 5, 2]
    assert [entry.label for entry in comparison.entries if not entry.is_named] == [
        "Organisation A",
        "Organisation B",
        "Organisation C",
    ]
    assert comparison.average.count == 6


def test_an_anonymous_organisation_left_out_of_a_section_still_sees_its_own_row(
    client, member, edition
):
    for scores in (["11", "1", "1"], ["12", "1", "1"], ["14", "1", "1"]):
        add_submission(OrganisationFactory(), edition, NAMED, scores)
    quiet = OrganisationFactory(name="Quiet Office")
    add_submission(quiet, edition, ANONYMOUS, ["13.5", "1", "1"])
    url = reverse("submissions:section_compare", kwargs={"year": 2019, "number": 1})
    client.force_login(insider_of(quiet))
    entries = client.get(url).context["comparison"].entries
    assert entries[1].label == "Quiet Office (your organisation)"
    assert [entry.position for entry in entries] == [1, 2, 3, 4]
    client.force_login(member)
    page = client.get(url)
    assert "Quiet Office" not in page.text
    assert len(page.context["comparison"].entries) == 3
