from decimal import Decimal, InvalidOperation

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# (setting, environment variable, lowest, highest): the consistency report's thresholds.
THRESHOLDS = [
    ("CONSISTENCY_SIMILARITY_THRESHOLD", "WEI_CONSISTENCY_SIMILARITY", 50, 100),
    ("CONSISTENCY_RANGE_THRESHOLD", "WEI_CONSISTENCY_RANGE", 0, 100),
]


def consistency_thresholds():
    """The thresholds as numbers, or ImproperlyConfigured naming the one out of range."""
    values = {}
    for name, variable, lowest, highest in THRESHOLDS:
        raw = getattr(settings, name, None)
        try:
            value = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            value = None
        if value is None or not value.is_finite() or not (lowest <= value <= highest):
            raise ImproperlyConfigured(
                f"{name} (environment variable {variable}) must be a number from {lowest} "
                f"to {highest}; it is {raw!r}."
            )
        values[name] = value
    return values


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guidance and good practice"

    def ready(self):
        consistency_thresholds()
        from guidance.answers import receivers  # noqa: F401 (connects the receivers)
