"""Each of the project team's abilities is a permission of its group: taking the permission
from the group (as an admin would, in the admin) takes the ability away, and nothing else
gives it back."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from guidance.models import Document, GoodPracticeEntry
from networks.models import Membership
from networks.roles import PROJECT_TEAM_GROUP
from submissions.models import Submission
from tests.guidance.factories import document_draft, document_publish
from tests.networks.factories import MembershipFactory
from tests.networks.test_roles import PROJECT_TEAM
from tests.submissions.fixtures_imports import csv_bytes


def open_another_organisations_private_submission(client, request):
    submission = request.getfixturevalue("submission")
    response = client.get(submission.get_absolute_url())
    assert response.status_code in (200, 404)
    return response.status_code == 200


def post_and_see(client, url, data, obj, changed):
    """POST, and say whether the object changed; a change is followed by a redirect."""
    response = client.post(url, data)
    obj.refresh_from_db()
    assert changed(obj) is (response.status_code == 302)
    return changed(obj)


def manage_another_network(client, request):
    network = request.getfixturevalue("network")
    return post_and_see(
        client,
        reverse("networks:network_edit", kwargs={"slug": network.slug}),
        {
            "description": "Changed by the project team",
            "contact_email": "",
            "lock_version": network.lock_version,
        },
        network,
        lambda network: network.description == "Changed by the project team",
    )


def moderate_an_entry(client, request):
    entry = request.getfixturevalue("published_entry")
    return post_and_see(
        client,
        reverse("guidance:entry_withdraw", kwargs={"pk": entry.pk}),
        {"reason": "Names a person who asked to be left out."},
        entry,
        lambda entry: entry.status == GoodPracticeEntry.Status.WITHDRAWN,
    )


def correct_another_organisations_results(client, request):
    submission = request.getfixturevalue("submission")
    return post_and_see(
        client,
        reverse("submissions:about", kwargs={"pk": submission.pk}),
        {
            "total_score": "64.5",
            "rank": "30",
            "award": "none",
            "lock_version": submission.lock_version,
        },
        submission,
        lambda submission: submission.total_score == Decimal("64.5"),
    )


def import_for_another_organisation(client, request):
    request.getfixturevalue("results_editions")
    other_organisation = request.getfixturevalue("other_organisation")
    # The person also leads a network of their own, so the import page is open to them.
    MembershipFactory(
        user=request.getfixturevalue("project_team"),
        network=request.getfixturevalue("network"),
        role=Membership.Role.LEAD,
    )
    rows = [["organisation", "edition", "rank"], [other_organisation.acronym, "2019", "2"]]
    upload = SimpleUploadedFile("results.csv", csv_bytes(rows))
    response = client.post(reverse("submissions:import"), {"file": upload})
    if response.status_code == 302:
        client.post(reverse("submissions:import_confirm"))
    else:
        assert "You can only import results for organisations whose networks you lead" in (
            response.text
        )
    return Submission.objects.filter(organisation=other_organisation).exists()


def write_new_guidance(client, request):
    project_team = request.getfixturevalue("project_team")
    review_due = timezone.localdate() + datetime.timedelta(days=200)
    response = client.post(
        reverse("guidance:document_create"),
        {
            "title": "Monitoring: what to count & why",
            "summary": "Which figures the marker asks for.",
            "body": "Report who **answered**, not only who is LGBT+.",
            "owner": project_team.pk,
            "review_due_0": review_due.day,
            "review_due_1": review_due.month,
            "review_due_2": review_due.year,
        },
    )
    created = Document.objects.filter(slug="monitoring-what-to-count-why").exists()
    assert created is (response.status_code == 302)
    return created


def admins_document(request, *, publish):
    # Written by an admin, who holds every model permission whatever the group holds.
    admin = request.getfixturevalue("admin_user")
    document = document_draft(by=admin, title="Allies & role models: what counts")
    if publish:
        document_publish(document, by=admin, unreviewed_reason="Needed before the deadline.")
    document.refresh_from_db()
    return document


def edit_guidance(client, request):
    document = admins_document(request, publish=True)
    return post_and_see(
        client,
        reverse("guidance:document_edit", kwargs={"slug": document.slug}),
        {
            "lock_version": document.lock_version,
            "title": "Allies & role models: what counts now",
            "summary": document.current_revision.summary,
            "body": document.current_revision.body,
        },
        document,
        lambda document: document.open_draft() is not None,
    )


def publish_guidance(client, request):
    document = admins_document(request, publish=False)
    return post_and_see(
        client,
        reverse("guidance:draft_publish", kwargs={"slug": document.slug}),
        {"lock_version": document.lock_version, "change_note": "First published."},
        document,
        lambda document: document.status == Document.Status.PUBLISHED,
    )


ABILITIES = {
    "networks.view_all_organisations": open_another_organisations_private_submission,
    "networks.manage_any_network": manage_another_network,
    "guidance.moderate_entry": moderate_an_entry,
    "guidance.add_document": write_new_guidance,
    "guidance.change_document": edit_guidance,
    "guidance.publish_document": publish_guidance,
    "submissions.change_any_submission": correct_another_organisations_results,
    "submissions.import_any_organisation": import_for_another_organisation,
}


def test_every_project_team_permission_is_tested_here():
    assert set(ABILITIES) == PROJECT_TEAM


@pytest.mark.parametrize("permission", sorted(ABILITIES))
def test_the_project_team_holds_the_ability(client, project_team, request, permission):
    client.force_login(project_team)
    assert ABILITIES[permission](client, request)


@pytest.mark.parametrize("permission", sorted(ABILITIES))
def test_taking_the_permission_from_the_group_takes_the_ability_away(
    client, project_team, request, permission
):
    app_label, codename = permission.split(".")
    Group.objects.get(name=PROJECT_TEAM_GROUP).permissions.remove(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    client.force_login(project_team)
    assert not ABILITIES[permission](client, request)
