"""Receivers of submissions' signals: guidance carries what it keeps about their rows."""

from django.dispatch import receiver

from guidance.answers import services
from submissions.signals import section_results_copied


@receiver(section_results_copied, dispatch_uid="guidance.answer_sources_copy")
def carry_answer_sources(sender, *, pairs, **kwargs):
    services.answer_sources_copy(pairs=pairs)
