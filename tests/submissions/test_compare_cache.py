"""What the comparison pages cache: the same page whether the cache is cold or was filled by
other viewers, and never an anonymous or private organisation's name in anyone else's page."""

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape

from networks.models import DataVersion
from networks.services import data_version_bump
from submissions.compare.section import section_comparison
from submissions.models import Submission
from tests.networks.factories import OrganisationFactory, UserFactory
from tests.submissions.fixtures_compare import add_submission, insider_of, seed_sharers

pytestmark = pytest.mark.django_db

SECTION_PAGES = [
    "submissions:section_compare",
    "submissions:section_compare_csv",
    "submissions:section_leaders",
]


def without_nonces(content):
    """The page without what changes on every request: CSP nonces and CSRF tokens."""
    return re.sub(rb'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"', b"", content)


@pytest.fixture
def quiet_ministry(db):
    return OrganisationFactory(
        name="Ministry of Justice's Quiet Office, Wales & West",
        acronym="MOJQW",
        slug="ministry-quiet-office",
    )


@pytest.fixture
def veiled_agency(db):
    return OrganisationFactory(
        name="Veiled Agency for Rail, Road & Sea", acronym="VARRS", slug="veiled-agency"
    )


@pytest.fixture
def crowded(comparison, edition, quiet_ministry, veiled_agency):
    """The comparison with 60 more organisations, and a private and an anonymous one in the
    middle of the ranking, so sections run to several groups of blocks."""
    seed_sharers(edition, 60, prefix="Office of Fair Trading, Part", slug_prefix="oft")
    add_submission(quiet_ministry, edition, Submission.Sharing.PRIVATE, ["9.5", "14", "26"])
    add_submission(veiled_agency, edition, Submission.Sharing.ANONYMOUS, ["9.25", "13", "24"])
    return comparison


@pytest.fixture
def viewers(member, other_lead, project_team, hidden_agency, quiet_ministry, veiled_agency):
    return {
        "member of a named organisation": member,
        "lead of another named organisation": other_lead,
        "project team": project_team,
        "member of an anonymous organisation": insider_of(hidden_agency),
        "member of a private organisation": insider_of(quiet_ministry),
        "member of another anonymous organisation": insider_of(veiled_agency),
        "member of no organisation": UserFactory(),
    }


@pytest.fixture
def urls(crowded, organisation, other_organisation):
    urls = [reverse("submissions:compare")]
    for slug in (organisation.slug, other_organisation.slug):
        urls += [
            reverse("submissions:profile", kwargs={"slug": slug, "year": 2019}),
            reverse("submissions:profile_csv", kwargs={"slug": slug, "year": 2019}),
            reverse("submissions:trend", kwargs={"slug": slug}),
            reverse("submissions:trend_csv", kwargs={"slug": slug}),
        ]
    urls += [
        reverse(name, kwargs={"year": 2019, "number": number})
        for name in SECTION_PAGES
        for number in (1, 2, 3)
    ]
    return urls


def pages(client, user, urls):
    client.force_login(user)
    return {url: without_nonces(client.get(url).content) for url in urls}


def test_pages_are_the_same_with_a_cold_cache_and_one_other_viewers_filled(client, viewers, urls):
    cold = {}
    for role, user in viewers.items():
        client.force_login(user)
        for url in urls:
            cache.clear()
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            cold[role, url] = without_nonces(response.content)
    cache.clear()
    for user in reversed(viewers.values()):
        pages(client, user, urls)
    for role, user in viewers.items():
        warm = pages(client, user, urls)
        for url in urls:
            assert warm[url] == cold[role, url], (role, url)


def appears(secret, content):
    content = content.lower()
    return secret.lower() in content or escape(secret).lower() in content


def test_anonymous_and_private_organisations_are_never_named_in_others_pages(
    client, viewers, urls, hidden_agency, secret_department, quiet_ministry, veiled_agency
):
    hidden = {
        hidden_agency: "member of an anonymous organisation",
        veiled_agency: "member of another anonymous organisation",
        quiet_ministry: "member of a private organisation",
        secret_department: None,
    }
    # Their own members go first, so anything they were shown is in the cache.
    for role in filter(None, hidden.values()):
        pages(client, viewers[role], urls)
    for role, user in viewers.items():
        if role == "project team":
            continue  # sees every organisation's data
        for url, content in pages(client, user, urls).items():
            text = content.decode()
            for organisation, own_role in hidden.items():
                if role == own_role:
                    continue
                for secret in (organisation.name, organisation.acronym, organisation.slug):
                    assert not appears(secret, text), (role, url, secret)


def test_members_of_an_organisation_never_shared_by_name_can_choose_its_trend(
    client, member, crowded, quiet_ministry, hidden_agency
):
    insider = insider_of(quiet_ministry)
    client.force_login(insider)
    page = client.get(reverse("submissions:compare")).text
    own_group = page.index('<optgroup label="Your organisations">')
    shared_group = page.index('<optgroup label="Organisations that share results by name">')
    option = f'<option value="ministry-quiet-office">{escape(quiet_ministry.name)}</option>'
    assert own_group < page.index(option) < shared_group
    assert "Department for Testing" in page[shared_group:]
    assert hidden_agency.name not in page
    response = client.get(reverse("submissions:compare"), {"organisation": quiet_ministry.slug})
    assert response["Location"] == reverse(
        "submissions:trend", kwargs={"slug": "ministry-quiet-office"}
    )
    # Nobody else sees it: not a member of an anonymous organisation, who has their own group,
    # nor one of an organisation shared by name, who has none.
    client.force_login(insider_of(hidden_agency))
    page = client.get(reverse("submissions:compare")).text
    assert '<option value="hidden-agency">Hidden Agency</option>' in page
    assert "ministry-quiet-office" not in page
    client.force_login(member)
    page = client.get(reverse("submissions:compare")).text
    assert "<optgroup" not in page
    assert escape(quiet_ministry.name) not in page
    assert "ministry-quiet-office" not in page
    assert "hidden-agency" not in page


# A section's rows are cached in blocks under a digest of what they show.


def section_groups(client, user, page=1):
    client.force_login(user)
    url = reverse("submissions:section_compare", kwargs={"year": 2019, "number": 1})
    response = client.get(url, {"page": page})
    assert response.status_code == 200
    return response.context["comparison"].groups, response


def test_a_block_is_drawn_once_for_everyone_whose_rows_are_the_same(client, crowded, viewers):
    shared, _response = section_groups(client, viewers["member of no organisation"])
    named, _response = section_groups(client, viewers["member of a named organisation"])
    private, _response = section_groups(client, viewers["member of a private organisation"])
    shared_blocks = [block for group in shared for block in group.blocks]
    named_blocks = [block for group in named for block in group.blocks]
    private_blocks = [block for group in private for block in group.blocks]
    assert not any(block.own for block in shared_blocks)
    # A named organisation's people see the same rows but their own: every other block is the
    # one everyone sees, under the same key.
    own = [n for n, block in enumerate(named_blocks) if block.own]
    assert len(own) == 1
    for n, (block, theirs) in enumerate(zip(shared_blocks, named_blocks, strict=True)):
        assert (block.key == theirs.key) == (n not in own)
    # A private organisation's row is listed for its people only: the rows below it move down
    # one place, so those blocks differ from everyone else's but hold nothing of theirs.
    (row,) = [n for n, block in enumerate(private_blocks) if block.own]
    assert [block.key for block in private_blocks[:row]] == [
        block.key for block in shared_blocks[:row]
    ]
    assert {block.key for block in private_blocks[row + 1 :]}.isdisjoint(
        block.key for block in shared_blocks
    )
    assert len(private_blocks) >= len(shared_blocks)
    for block in private_blocks[row + 1 :]:
        assert "Quiet Office" not in repr(block.entries)


def test_a_saved_score_leaves_the_blocks_whose_rows_did_not_change(
    client, crowded, viewers, edition
):
    viewer = viewers["member of no organisation"]
    before, _response = section_groups(client, viewer)
    blocks = [block for group in before for block in group.blocks]
    entries = [entry for block in blocks for entry in block.entries]
    # A score in section 1 goes up a hundredth, keeping its place (no tie above or below).
    index = next(
        n
        for n in range(len(entries) - 2, 0, -1)
        if entries[n - 1].score - entries[n].score >= Decimal("0.02")
        and entries[n].score > entries[n + 1].score
    )
    moved = entries[index]
    result = Submission.objects.get(pk=moved.submission_id).results.get(section__number=1)
    result.score = moved.score + Decimal("0.01")
    result.save()
    data_version_bump(2019, section=1)
    block = index // len(blocks[0].entries)
    after, response = section_groups(client, viewer, page=block // len(before[0].blocks) + 1)
    after_blocks = [block for group in after for block in group.blocks]
    for n, (earlier, later) in enumerate(zip(blocks, after_blocks, strict=True)):
        assert (earlier.key == later.key) == (n != block)
    assert f'numeric">{result.score}</td>' in response.text


def test_a_named_organisations_own_view_is_worked_out_as_from_scratch(
    client, crowded, viewers, django_assert_num_queries
):
    """Its people's view is the shared one relabelled for each request (nothing more read),
    with only the blocks holding their row worked out again: the same as working it all out."""
    section_groups(client, viewers["member of no organisation"])
    client.force_login(viewers["member of a named organisation"])
    url = reverse("submissions:section_compare", kwargs={"year": 2019, "number": 1})
    client.get(url)
    with django_assert_num_queries(3):  # session, person, data versions
        response = client.get(url)
    comparison = section_comparison(
        user=viewers["member of a named organisation"],
        year=2019,
        number=1,
        version=DataVersion.objects.current().section_version(2019, 1),
    )
    relabelled = comparison.groups
    from_scratch = replace(comparison, entries=list(comparison.entries)).groups
    assert relabelled == from_scratch
    assert sum(block.own for group in relabelled for block in group.blocks) == 1
    assert "Department for Testing (your organisation)" in response.text


@pytest.fixture
def drawings(monkeypatch):
    """The fragments stored, by name: ``drawings("compare-profile-shown")`` counts how often
    that rendering was drawn rather than read."""
    stored = []
    real_set = cache.set

    def recording_set(key, *args, **kwargs):
        stored.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    return lambda name: sum(name in key for key in stored)


def page_reader(client, url):
    """The page at ``url`` as cached, and as drawn from scratch (the cache emptied first)."""

    def read():
        return without_nonces(client.get(url).content)

    def from_scratch():
        cache.clear()
        return read()

    return read, from_scratch


def save_score(submission, number, score):
    result = submission.results.get(section__number=number)
    result.score = Decimal(score)
    result.save()
    data_version_bump(2019, section=number)


def test_a_profile_is_drawn_again_only_when_something_it_shows_moves(
    client, crowded, organisation, member, drawings
):
    client.force_login(member)
    profile_page, from_scratch = page_reader(
        client, reverse("submissions:profile", kwargs={"slug": organisation.slug, "year": 2019})
    )

    first = profile_page()
    assert drawings("compare-profile-shown") == 1
    # A private submission's score counts in no average: the edition's version moves, the
    # profile is read again, not drawn.
    save_score(crowded["private"], 1, "19")
    assert profile_page() == first
    assert drawings("compare-profile-shown") == 1
    assert from_scratch() == first
    # Another organisation's score moves the averages shown: drawn again, as from scratch.
    save_score(crowded["other"], 2, "29.5")
    moved = profile_page()
    assert moved != first and drawings("compare-profile-shown") == 3
    assert from_scratch() == moved
    # The organisation's own score: its row shows it.
    save_score(crowded["own"], 3, "26.25")
    own = profile_page()
    assert drawings("compare-profile-shown") == 5 and b"26.25 of 50" in own
    assert from_scratch() == own


def test_a_trend_is_drawn_again_only_when_its_own_figures_move(
    client, crowded, organisation, member, drawings
):
    client.force_login(member)
    trend_page, from_scratch = page_reader(
        client, reverse("submissions:trend", kwargs={"slug": organisation.slug})
    )

    first = trend_page()
    assert drawings("compare-trend-shown") == 1
    # Another organisation's score moves every version a trend is cached under, but not
    # this organisation's figures: read again, not drawn.
    save_score(crowded["other"], 2, "29.5")
    assert trend_page() == first
    assert drawings("compare-trend-shown") == 1
    assert from_scratch() == first
    # Its own score: drawn again, as from scratch.
    save_score(crowded["own"], 3, "26.25")
    own = trend_page()
    assert drawings("compare-trend-shown") == 3 and b"52.50%" in own
    assert from_scratch() == own
