"""Every write to what comparisons show moves the data version, so the very next request shows
it, although what every viewer shares is cached: services, the results import, network edits
and the admin."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from networks.models import DataVersion, Membership, Network, Organisation
from networks.services import network_update
from submissions.imports import results_import
from submissions.models import (
    CriteriaRound,
    Edition,
    EditionSection,
    Section,
    SectionResult,
    Submission,
)
from submissions.services import (
    section_result_save,
    submission_complete,
    submission_copy_forward,
    submission_create,
    submission_set_sharing,
)
from tests.locking import post_opened
from tests.networks.factories import OrganisationFactory
from tests.submissions.factories import edition_with_sections
from tests.submissions.fixtures_compare import insider_of

pytestmark = pytest.mark.django_db


def version():
    return DataVersion.objects.current().version


def section_url(name="submissions:section_compare", number=1):
    return reverse(name, kwargs={"year": 2019, "number": number})


def profile_url(organisation):
    return reverse("submissions:profile", kwargs={"slug": organisation.slug, "year": 2019})


def section_page(client, number=1):
    return client.get(section_url(number=number))


def scores(response):
    return {entry.label: entry.score for entry in response.context["comparison"].entries}


@pytest.fixture
def viewer(client, member, comparison):
    """A member of the `organisation` (shared by name), with the section pages in the cache."""
    client.force_login(member)
    for name in (
        "submissions:section_compare",
        "submissions:section_compare_csv",
        "submissions:section_leaders",
    ):
        client.get(section_url(name))
    client.get(profile_url(comparison["own"].organisation))
    return client


def test_a_saved_score_shows_on_the_next_request(viewer, comparison):
    before = version()
    section = Section.objects.get(number=1)
    existing = SectionResult.objects.filter(submission=comparison["other"], section=section)
    section_result_save(
        submission=comparison["other"],
        section=section,
        lock_version=existing.values_list("lock_version", flat=True).first() or 0,
        score=Decimal("10"),
    )
    assert version() > before
    response = section_page(viewer)
    assert scores(response)["Office for Other Things"] == Decimal("10")
    # (10 + 10 + 7 + 9.5 + 11.77) / 5 = 9.654
    assert response.context["comparison"].average.mean == Decimal("9.65")
    assert "9.65 marks" in response.text


def test_a_sharing_change_shows_on_the_next_request(viewer, hidden_agency, comparison):
    assert "Hidden Agency" not in section_page(viewer).text
    before = version()
    submission_set_sharing(
        submission=comparison["anonymous"],
        sharing=Submission.Sharing.NAMED,
        user=insider_of(hidden_agency, Membership.Role.LEAD),
    )
    assert version() > before
    assert "Hidden Agency" in section_page(viewer).text
    assert "Organisation A" not in section_page(viewer).text


def test_who_may_open_a_profile_follows_a_sharing_change_on_the_next_request(
    viewer, client, other_organisation, comparison
):
    """Which editions an organisation has and how each is shared are cached for the profile's
    access check under the lists' version: a sharing change moves it."""
    other = comparison["other"]
    lead = insider_of(other_organisation, Membership.Role.LEAD)
    assert viewer.get(profile_url(other_organisation)).status_code == 200
    submission_set_sharing(submission=other, sharing=Submission.Sharing.PRIVATE, user=lead)
    assert viewer.get(profile_url(other_organisation)).status_code == 404
    # Its own people still open it, private now.
    client.force_login(lead)
    response = client.get(profile_url(other_organisation))
    assert response.status_code == 200
    assert "Private" in response.text
    submission_set_sharing(submission=other, sharing=Submission.Sharing.NAMED, user=lead)
    assert viewer.get(profile_url(other_organisation)).status_code == 200
    # A score saved leaves the access cached and shows in the figures at once.
    result = other.results.select_related("section").get(section__number=1)
    section_result_save(
        submission=other,
        section=result.section,
        lock_version=result.lock_version,
        score=Decimal("11.25"),
        completed=result.completed,
    )
    assert "11.25 of 20" in viewer.get(profile_url(other_organisation)).text


def test_creating_completing_and_copying_forward_move_the_version(
    client, lead, organisation, comparison
):
    edition = comparison["own"].edition
    before = version()
    started = submission_create(organisation=OrganisationFactory(), edition=edition)
    assert version() > before
    assert started.sharing == Submission.Sharing.PRIVATE

    own = comparison["own"]
    for result in own.results.select_related("section"):
        section_result_save(
            submission=own,
            section=result.section,
            lock_version=result.lock_version,
            score=result.score,
            completed=True,
        )
    before = version()
    submission_complete(submission=own)
    assert version() > before

    later = edition_with_sections(year=2020)
    before = version()
    copied = submission_copy_forward(source=own, edition=later)
    assert version() > before
    client.force_login(lead)
    trend = client.get(reverse("submissions:trend", kwargs={"slug": organisation.slug}))
    assert [point.submission for point in trend.context["trend"].points] == [own, copied]


def test_an_import_moves_the_version_once_and_shows_on_the_next_request(viewer, comparison):
    before = version()
    results_import(
        data=(
            b"organisation,edition,total_score,section_1\n"
            b"Office for Other Things,2019,62.5,11\n"
            b"Department for Testing,2019,50,9.5\n"
        ),
        filename="results.csv",
    )
    assert version() > before
    response = section_page(viewer)
    assert scores(response)["Office for Other Things"] == Decimal("11")
    assert scores(response)["Department for Testing (your organisation)"] == Decimal("9.5")
    csv_text = viewer.get(section_url("submissions:section_compare_csv")).content.decode()
    assert "Office for Other Things,11.00,20.00,55.00,shared" in csv_text


def test_a_network_contact_change_shows_in_who_did_this_well(viewer, other_network):
    leaders = viewer.get(section_url("submissions:section_leaders")).text
    assert f"mailto:{other_network.contact_email}" in leaders
    before = version()
    network_update(
        network=other_network,
        description=other_network.description,
        contact_email="spectrum.o'neill@example.gov.uk",
        lock_version=other_network.lock_version,
    )
    assert version() > before
    leaders = viewer.get(section_url("submissions:section_leaders")).text
    assert "spectrum.o&#x27;neill@example.gov.uk" in leaders


def test_a_network_edited_by_its_lead_shows_in_who_did_this_well(
    viewer, client, other_lead, other_network
):
    client.force_login(other_lead)
    before = version()
    response = post_opened(
        client,
        reverse("networks:network_edit", kwargs={"slug": other_network.slug}),
        {"description": "Allies & members, all welcome", "contact_email": "spectrum@oot.gov.uk"},
    )
    assert response.status_code == 302
    assert version() > before
    leaders = client.get(section_url("submissions:section_leaders")).text
    assert "mailto:spectrum@oot.gov.uk" in leaders


# The admin.


def form_values(form, data):
    """What a form posts back when nothing is changed."""
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if isinstance(field.widget, forms.MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, datetime.date):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = "" if value is None else str(value)


def unchanged(client, model, obj):
    """The admin change form's data for ``obj``, inlines included, as the browser posts it."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    form_values(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        form_values(formset.management_form, data)
        for form in formset.forms:
            form_values(form, data)
    return url, data


def test_an_edition_maximum_changed_in_the_admin_shows_on_the_next_request(
    client, member, admin_user, comparison
):
    client.force_login(member)
    assert section_page(client).context["comparison"].entries[0].percentage == Decimal("62.50")
    before_profile = client.get(profile_url(comparison["own"].organisation))
    assert before_profile.context["profile"].rows[0].percentage == Decimal("50.00")

    client.force_login(admin_user)
    edition = comparison["own"].edition
    url, data = unchanged(client, Edition, edition)
    maxima = EditionSection.objects.filter(edition=edition).order_by("section__number")

    def prefix(item):
        return next(
            key.removesuffix("-id")
            for key, value in data.items()
            if key.startswith("section_maxima-") and key.endswith("-id") and value == str(item.pk)
        )

    # 25 for section 1 and 45 for section 3 still add up to the total of 100.
    data[f"{prefix(maxima[0])}-maximum"] = "25"
    data[f"{prefix(maxima[2])}-maximum"] = "45"
    before = version()
    assert client.post(url, data).status_code == 302
    assert version() > before

    client.force_login(member)
    # 12.5 of 25, and the member's own 10 of 25.
    assert section_page(client).context["comparison"].entries[0].percentage == Decimal("50.00")
    profile = client.get(profile_url(comparison["own"].organisation)).context["profile"]
    assert profile.rows[0].percentage == Decimal("40.00")
    # The exact mean 50.77 / 5 = 10.154 is 40.616% of 25 (of the rounded 10.15 it would be 40.60).
    assert profile.rows[0].averages["portal"].percentage == Decimal("40.62")


ADMIN_CHANGES = {
    "organisation": (
        lambda c: c["other"].organisation,
        "name",
        "Office for Other Things & Stuff",
        lambda response: "Office for Other Things &amp; Stuff" in response.text,
    ),
    "network": (
        lambda c: Network.objects.get(organisation=c["other"].organisation),
        "contact_email",
        "other.spectrum@oot.gov.uk",
        None,
    ),
    "section": (
        lambda c: Section.objects.get(number=1),
        "name",
        "Policies, Benefits & Allies",
        lambda response: "Policies, Benefits &amp; Allies: all organisations" in response.text,
    ),
    "criteria round": (
        lambda c: CriteriaRound.objects.get(),
        "name",
        "Round of '18 to '20",
        lambda response: "Round of &#x27;18 to &#x27;20 criteria" in response.text,
    ),
    "submission": (
        lambda c: c["anonymous"],
        "sharing",
        Submission.Sharing.NAMED,
        lambda response: "Hidden Agency" in response.text,
    ),
    "section result": (
        lambda c: c["anonymous"].results.get(section__number=1),
        "score",
        "8.25",
        lambda response: "8.25" in response.text,
    ),
    "edition": (lambda c: c["own"].edition, "entrants", "503", None),
}


@pytest.mark.parametrize("what", list(ADMIN_CHANGES))
def test_an_admin_save_moves_the_version_and_shows_on_the_next_request(
    what, client, member, other_lead, admin_user, comparison
):
    find, field, value, shows = ADMIN_CHANGES[what]
    obj = find(comparison)
    client.force_login(member)
    first = section_page(client)
    if shows:
        assert not shows(first)
    client.force_login(admin_user)
    url, data = unchanged(client, type(obj), obj)
    data[field] = value
    before = version()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert version() > before
    client.force_login(member)
    if shows:
        assert shows(section_page(client))
    if what == "network":
        leaders = client.get(section_url("submissions:section_leaders")).text
        assert "mailto:other.spectrum@oot.gov.uk" in leaders


def test_admin_deletes_move_the_version_and_show_on_the_next_request(
    client, member, admin_user, comparison
):
    client.force_login(member)
    assert "Organisation A" in section_page(client).text
    client.force_login(admin_user)
    result = comparison["anonymous"].results.get(section__number=1)
    before = version()
    response = client.post(
        reverse("admin:submissions_sectionresult_delete", args=[result.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert version() > before
    client.force_login(member)
    assert "Organisation A" not in section_page(client).text


@pytest.mark.parametrize(
    ("model", "find"),
    [
        (SectionResult, lambda c: c["other"].results.get(section__number=1)),
        (Submission, lambda c: c["other"]),
        (Network, lambda c: Network.objects.get(organisation=c["other"].organisation)),
    ],
)
def test_admin_bulk_deletes_move_the_version(client, admin_user, comparison, model, find):
    obj = find(comparison)
    client.force_login(admin_user)
    before = version()
    response = client.post(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()
    assert version() > before


@pytest.mark.parametrize(
    ("model", "create"),
    [
        (Organisation, lambda: OrganisationFactory(name="Ofqual & Co")),
        (Edition, lambda: edition_with_sections(year=2022, maxima=())),
        (CriteriaRound, lambda: CriteriaRound.objects.create(name="2025–2027", first_year=2025)),
        (
            Section,
            lambda: Section.objects.create(
                criteria_round=CriteriaRound.objects.get(), number=12, name="Extra"
            ),
        ),
    ],
)
def test_admin_deletes_of_organisations_editions_rounds_and_sections_move_the_version(
    client, admin_user, comparison, model, create
):
    obj = create()
    client.force_login(admin_user)
    before = version()
    response = client.post(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_delete", args=[obj.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()
    assert version() > before


def test_a_private_organisations_own_view_of_a_section_follows_its_saved_score(
    client, secret_department, comparison
):
    """The rows as its own people see them (its private row among the shared ones) are cached
    for them; a score they save shows on their next request, and to no one else."""
    client.force_login(insider_of(secret_department))
    section = Section.objects.get(number=1)
    assert scores(section_page(client))["Secret Department (your organisation)"] == Decimal("20")
    existing = SectionResult.objects.get(submission=comparison["private"], section=section)
    section_result_save(
        submission=comparison["private"],
        section=section,
        lock_version=existing.lock_version,
        score=Decimal("3"),
    )
    response = section_page(client)
    assert scores(response)["Secret Department (your organisation)"] == Decimal("3")
    assert "Secret Department (your organisation)" in response.text
    other = insider_of(comparison["other"].organisation)
    client.force_login(other)
    assert "Secret Department" not in section_page(client).text
