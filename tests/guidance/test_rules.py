"""The rules for one entry (guidance/rules.py) agree with the querysets that list many."""

from guidance.models import GoodPracticeEntry


def test_changing_an_entry_agrees_with_editable_by(
    people, draft_entry, published_entry, withdrawn_entry
):
    for user in filter(None, people.values()):
        rows = GoodPracticeEntry.objects.editable_by(user)
        for entry in (draft_entry, published_entry, withdrawn_entry):
            assert user.has_perm("guidance.change_goodpracticeentry", entry) == (
                rows.filter(pk=entry.pk).exists()
            ), (user, entry)
