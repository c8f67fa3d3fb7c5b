from django.db import migrations, models


def portal_wide(apps, schema_editor):
    apps.get_model("networks", "DataVersion").objects.update(scope="portal")


class Migration(migrations.Migration):
    """Data versions per scope: the existing counter becomes the whole portal's, beside one
    per edition and one for guidance, created by their first change."""

    dependencies = [
        ("networks", "0006_network_lock_version"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="dataversion", name="data_version_single_row"),
        migrations.AddField(
            model_name="dataversion",
            name="scope",
            field=models.CharField(default="portal", max_length=20),
            preserve_default=False,
        ),
        migrations.RunPython(portal_wide, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="dataversion",
            name="scope",
            field=models.CharField(
                help_text="“portal”, “guidance”, an edition's year, or its lists or one section's.",
                max_length=20,
                unique=True,
            ),
        ),
    ]
