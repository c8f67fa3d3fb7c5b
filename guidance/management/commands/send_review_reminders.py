from django.core.management.base import BaseCommand
from django.utils import timezone

from guidance.documents.services import review_reminders_enqueue


class Command(BaseCommand):
    help = (
        "Email each owner of guidance the documents of theirs that are overdue for review. "
        "Run daily (from cron): each review date is reminded once."
    )

    def handle(self, *args, **options):
        owners = review_reminders_enqueue(today=timezone.localdate())
        self.stdout.write(
            f"Review reminders queued for {owners} owner{'s' if owners != 1 else ''}."
        )
