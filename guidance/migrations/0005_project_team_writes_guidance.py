from django.db import migrations

from networks.roles import project_team_grant


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0004_guidance_documents"),
        ("networks", "0002_project_team_role"),
    ]

    operations = [
        project_team_grant(
            ["guidance.add_document", "guidance.change_document", "guidance.publish_document"]
        )
    ]
