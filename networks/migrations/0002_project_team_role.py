from functools import partial

from django.db import migrations

from networks.roles import PROJECT_TEAM_GROUP, grant_to_project_team

PERMISSIONS = ["networks.manage_any_network", "networks.view_all_organisations"]


def remove_project_team(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PROJECT_TEAM_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant_to_project_team, permissions=PERMISSIONS), remove_project_team
        )
    ]
