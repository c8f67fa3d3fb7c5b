from django.db import migrations

from networks.roles import project_team_grant


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0002_submissions_results_recommendations"),
        ("networks", "0002_project_team_role"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="submission",
            options={
                "ordering": ["organisation__name", "-edition__year"],
                "permissions": [
                    ("change_any_submission", "Can correct any organisation's submissions"),
                    ("import_any_organisation", "Can import results for any organisation"),
                ],
            },
        ),
        project_team_grant(
            ["submissions.change_any_submission", "submissions.import_any_organisation"]
        ),
    ]
