"""What each role holds: the project team's permissions, and what every role may do to its
own organisation's things and to another's, as the code asks it (``user.has_perm``)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.management import call_command

import guidance.roles
import networks.roles
import submissions.roles
from networks.models import DemoDataRecord, Membership, Network, Organisation, User
from networks.roles import PROJECT_TEAM_GROUP
from tests.networks.factories import sign_in_request

PROJECT_TEAM = {
    "networks.manage_any_network",
    "networks.view_all_organisations",
    "submissions.change_any_submission",
    "submissions.import_any_organisation",
    "guidance.moderate_entry",
    "guidance.add_document",
    "guidance.change_document",
    "guidance.publish_document",
}
EVERYONE = {"member", "lead", "other_lead", "project_team", "admin"}


def held_by(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_project_team_holds_exactly_its_permissions(db):
    assert held_by(Group.objects.get(name=PROJECT_TEAM_GROUP)) == PROJECT_TEAM


def test_each_app_declares_the_permissions_its_migration_grants():
    declared = (
        networks.roles.PROJECT_TEAM_PERMISSIONS
        | submissions.roles.PROJECT_TEAM_PERMISSIONS
        | guidance.roles.PROJECT_TEAM_PERMISSIONS
    )
    assert declared == PROJECT_TEAM


def test_no_other_groups_exist(db):
    assert set(Group.objects.values_list("name", flat=True)) == {PROJECT_TEAM_GROUP}


def test_every_permission_name_exists(db):
    for dotted in PROJECT_TEAM:
        app, codename = dotted.split(".")
        assert Permission.objects.filter(content_type__app_label=app, codename=codename).exists()


@pytest.mark.parametrize(
    ("role", "held"),
    [
        ("member", set()),
        ("lead", set()),
        ("other_lead", set()),
        ("project_team", PROJECT_TEAM),
    ],
)
def test_model_permissions_of_each_role(people, role, held):
    user = people[role]
    assert user.get_all_permissions() == held
    assert not user.is_staff


def test_admins_hold_every_model_permission_and_the_admin_site(admin_user):
    assert admin_user.is_staff and admin_user.is_superuser
    assert all(admin_user.has_perm(permission) for permission in PROJECT_TEAM)
    assert admin_user.has_perm("submissions.change_submission")


# (permission, the fixture it is asked about or None, the roles that hold it). The member and
# lead belong to `network` of `organisation`; the other lead to another organisation's
# network; entries belong to `network`. Admins act in the portal with the project team's
# permissions: the rules that belong to a network's own people are not theirs. Guidance
# documents are written by the project-team person, so of these people only the admin may be
# their second pair of eyes.
ABILITIES = [
    ("networks.change_network", "network", {"lead", "project_team", "admin"}),
    ("networks.manage_members", "network", {"lead", "project_team", "admin"}),
    ("networks.manage_members", "other_network", {"other_lead", "project_team", "admin"}),
    ("submissions.view_submission", "submission", EVERYONE - {"other_lead"}),
    ("submissions.change_submission", "submission", EVERYONE - {"other_lead"}),
    ("submissions.complete_submission", "submission", {"lead", "project_team", "admin"}),
    ("submissions.copy_submission", "submission", {"lead", "project_team", "admin"}),
    ("submissions.change_sharing", "submission", {"lead"}),
    ("submissions.change_sharing", "other_submission", {"other_lead"}),
    ("submissions.start_submission", "organisation", EVERYONE - {"other_lead"}),
    ("submissions.start_submission", None, EVERYONE),
    ("submissions.import_results", "organisation", {"lead", "project_team", "admin"}),
    ("submissions.import_results", None, EVERYONE - {"member"}),
    ("guidance.draft_goodpracticeentry", "network", {"member", "lead"}),
    ("guidance.draft_goodpracticeentry", None, {"member", "lead", "other_lead"}),
    ("guidance.change_goodpracticeentry", "draft_entry", {"member", "lead"}),
    ("guidance.change_goodpracticeentry", "withdrawn_entry", set()),
    ("guidance.publish_goodpracticeentry", "draft_entry", {"lead"}),
    ("guidance.publish_goodpracticeentry", "published_entry", set()),
    ("guidance.send_back_goodpracticeentry", "draft_entry", {"lead"}),
    ("guidance.withdraw_goodpracticeentry", "published_entry", {"lead", "project_team", "admin"}),
    ("guidance.withdraw_goodpracticeentry", "draft_entry", set()),
    ("guidance.view_entry_history", "draft_entry", {"member", "lead", "project_team", "admin"}),
    ("guidance.edit_document", "published_document", {"project_team", "admin"}),
    ("guidance.edit_document", "withdrawn_document", set()),
    ("guidance.withdraw_document", "published_document", {"project_team", "admin"}),
    ("guidance.withdraw_document", "draft_document", set()),
    ("guidance.submit_revision", "draft_revision", {"project_team", "admin"}),
    ("guidance.submit_revision", "in_review_revision", set()),
    ("guidance.publish_revision", "draft_revision", {"project_team", "admin"}),
    ("guidance.review_revision", "draft_revision", {"admin"}),
    ("guidance.send_back_revision", "in_review_revision", {"admin"}),
    ("guidance.send_back_revision", "draft_revision", set()),
    ("guidance.approve_revision", "unreviewed_revision", {"admin"}),
    ("guidance.approve_revision", "published_revision", set()),
]


@pytest.mark.parametrize(
    ("permission", "target", "holders"),
    ABILITIES,
    ids=[f"{permission}-{target}" for permission, target, _ in ABILITIES],
)
def test_what_each_role_may_do(people, request, permission, target, holders):
    obj = request.getfixturevalue(target) if target else None
    held = {
        role
        for role, user in people.items()
        if user is not None and user.has_perm(permission, obj)
    }
    assert held == holders
    assert not AnonymousUser().has_perm(permission, obj)


@pytest.mark.parametrize(
    "permission", ["submissions.change_submission", "networks.change_network"]
)
def test_object_rules_give_nothing_in_the_django_admin(people, permission):
    """Model-level checks (the Django admin's) pass no object: the rules add nothing there."""
    for role in ("member", "lead", "project_team"):
        assert not people[role].has_perm(permission)


def test_memberships_are_read_once_for_every_role(lead, network, django_assert_num_queries):
    lead = User.objects.get(pk=lead.pk)
    with django_assert_num_queries(1):
        assert lead.network_ids() == {network.pk}
        assert lead.network_ids(Membership.Role.LEAD) == {network.pk}
        assert lead.organisation_ids() == {network.organisation_id}
        assert lead.organisation_ids(Membership.Role.MEMBER) == set()


def test_demo_data_loads_twice_without_duplicates(db, capsys):
    call_command("load_demo_data", allow_production=True)
    counts = [
        model.objects.count()
        for model in (User, Organisation, Network, Membership, DemoDataRecord)
    ]
    call_command("load_demo_data", allow_production=True)
    assert counts == [
        model.objects.count()
        for model in (User, Organisation, Network, Membership, DemoDataRecord)
    ]
    output = capsys.readouterr().out
    assert "lead@demo.example.gov.uk" in output
    assert "project.team@demo.example.gov.uk" in output
    assert "admin@demo.example.gov.uk" in output
    assert "member@demo.example.gov.uk" in output


def test_demo_accounts_can_sign_in(client, db):
    from networks.demo import DEMO_PASSWORD, SIGN_IN_ACCOUNTS

    call_command("load_demo_data", allow_production=True)
    for email, _role in SIGN_IN_ACCOUNTS:
        assert client.login(request=sign_in_request(), username=email, password=DEMO_PASSWORD)
        client.logout()
