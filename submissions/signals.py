"""Signals submissions sends so that apps above it can carry what they keep about its rows,
without submissions importing them (dependencies run one way)."""

from django.dispatch import Signal

# Sent inside submission_copy_forward's transaction with ``pairs``: (source result, copy).
section_results_copied = Signal()
