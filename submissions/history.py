"""What the history page lists: who changed a submission and its section results."""

from submissions.models import EditionSection, SectionResult
from weiportal.history import history_entries


def submission_changes(submission):
    """(part, history entry) pairs for the submission and its section results, newest first.

    Saves that changed nothing a person can edit are left out. Each model's history is read
    in one query, whatever its length.
    """
    section_names = {
        maximum.section_id: f"Section {maximum.section.number}, {maximum.section.name}"
        for maximum in EditionSection.objects.filter(
            edition_id=submission.edition_id
        ).select_related("section")
    }
    changes = [
        ("Submission", entry)
        for entry in history_entries(
            submission.history.select_related("history_user"), changes_only=True
        )
    ]
    changes += [
        (section_names.get(entry.record.section_id, "A section"), entry)
        for entry in history_entries(
            SectionResult.history.filter(submission_id=submission.pk).select_related(
                "history_user"
            ),
            changes_only=True,
        )
    ]
    changes.sort(key=lambda change: change[1].when, reverse=True)
    return changes
