"""Copy forward used to copy open actions into the later submission. Each such copy becomes
the earlier record carried into the later submission.

A copy is a recommendation of a later edition of the same organisation with the same text as
an earlier one. The earliest record is kept, with the status, owner and due date of the
latest copy (where people went on tracking it), and carried into each submission that held a
copy; the copies are deleted.
"""

from django.db import migrations


def carry_instead_of_copy(apps, schema_editor):
    Recommendation = apps.get_model("submissions", "Recommendation")
    rows = Recommendation.objects.select_related("submission__edition").order_by(
        "submission__organisation_id", "submission__edition__year", "pk"
    )
    originals = {}
    for recommendation in list(rows):
        submission = recommendation.submission
        key = (submission.organisation_id, recommendation.text.strip())
        original = originals.get(key)
        if original is None or original.submission.edition.year >= submission.edition.year:
            originals.setdefault(key, recommendation)
            continue
        original.status = recommendation.status
        original.action_owner = recommendation.action_owner
        original.due_date = recommendation.due_date
        original.save(update_fields=["status", "action_owner", "due_date"])
        original.carried_into.add(submission)
        recommendation.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0008_recommendation_carried_into"),
    ]

    operations = [
        migrations.RunPython(carry_instead_of_copy, migrations.RunPython.noop),
    ]
