from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from networks.models import DemoDataRecord, Membership, Network, Organisation, User
from networks.roles import PROJECT_TEAM_GROUP, project_team_permissions


def test_project_team_holds_exactly_its_permissions(db):
    group = Group.objects.get(name=PROJECT_TEAM_GROUP)
    held = {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    assert held == project_team_permissions()


def test_no_other_groups_exist(db):
    assert set(Group.objects.values_list("name", flat=True)) == {PROJECT_TEAM_GROUP}


def test_project_team_member_is_project_team_and_member_is_not(project_team, member, admin_user):
    assert project_team.is_project_team
    assert admin_user.is_project_team
    assert not member.is_project_team
    assert not member.is_staff
    assert not project_team.is_staff
    assert project_team.has_perm("networks.manage_any_network")
    assert not member.has_perm("networks.manage_any_network")


def test_every_permission_name_exists(db):
    for dotted in project_team_permissions():
        app, codename = dotted.split(".")
        assert Permission.objects.filter(content_type__app_label=app, codename=codename).exists()


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
        assert client.login(username=email, password=DEMO_PASSWORD), email
        client.logout()
