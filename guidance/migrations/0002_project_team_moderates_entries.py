from django.contrib.auth.management import create_permissions
from django.db import migrations

PROJECT_TEAM_GROUP = "Project team"
PERMISSIONS = [("guidance", "moderate_entry")]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=PROJECT_TEAM_GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=PROJECT_TEAM_GROUP):
        for app_label, codename in PERMISSIONS:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0001_good_practice_entries"),
        ("networks", "0002_project_team_role"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
