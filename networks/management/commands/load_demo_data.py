import importlib
import os
import random

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from networks.demo import DEMO_PASSWORD, SIGN_IN_ACCOUNTS
from networks.models import DemoDataRecord
from networks.services import data_version_bump

SEED = 2018


class Command(BaseCommand):
    help = "Load the demonstration data set (a fictional civil service). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even though DEBUG is off. Never do this on the real portal.",
        )
        parser.add_argument(
            "--port",
            default=os.environ.get("PORT", "8000"),
            help="The port the portal is served on, for the sign-in address printed at the "
            "end (default: the PORT environment variable, or 8000).",
        )

    def handle(self, *args, allow_production=False, port="8000", **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Demo data is for development: DEBUG is off.")
        with transaction.atomic():
            # Each app's demo module gets its own generator, so adding data to one app
            # does not change what another generates.
            for app_config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError:
                    continue
                module.load(random.Random(f"{SEED}-{app_config.label}"))
            if not DemoDataRecord.objects.exists():
                DemoDataRecord.objects.create(seed=SEED)
            data_version_bump()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Sign in at http://127.0.0.1:{port}/sign-in/ with:")
        for email, role in SIGN_IN_ACCOUNTS:
            self.stdout.write(f"  {role:<28} {email:<40} password: {DEMO_PASSWORD}")
