from django.db import migrations

from networks.roles import project_team_grant


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0001_good_practice_entries"),
        ("networks", "0002_project_team_role"),
    ]

    operations = [project_team_grant(["guidance.moderate_entry"])]
