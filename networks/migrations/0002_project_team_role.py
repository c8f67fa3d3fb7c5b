from django.contrib.auth.management import create_permissions
from django.db import migrations

PROJECT_TEAM_GROUP = "Project team"
PERMISSIONS = [
    ("networks", "manage_any_network"),
    ("networks", "view_all_organisations"),
]


def create_project_team(apps, schema_editor):
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


def remove_project_team(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PROJECT_TEAM_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_project_team, remove_project_team)]
