"""The rules for one entry (guidance/rules.py) agree with the querysets that list many."""

from guidance.models import Attachment, GoodPracticeEntry


def test_changing_an_entry_agrees_with_editable_by(
    people, draft_entry, published_entry, withdrawn_entry
):
    for user in filter(None, people.values()):
        rows = GoodPracticeEntry.objects.editable_by(user)
        for entry in (draft_entry, published_entry, withdrawn_entry):
            assert user.has_perm("guidance.change_goodpracticeentry", entry) == (
                rows.filter(pk=entry.pk).exists()
            ), (user, entry)


def test_every_visible_attachment_belongs_to_a_visible_entry(
    people, draft_attachment, published_attachment, withdrawn_attachment
):
    for user in filter(None, people.values()):
        entries = GoodPracticeEntry.objects.visible_to(user)
        for attachment in Attachment.objects.visible_to(user):
            assert entries.filter(pk=attachment.entry_id).exists(), (user, attachment)
