from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from submissions.imports import (
    ResultsFileError,
    ResultsImportError,
    results_import,
    results_plan,
)
from submissions.limits import MAX_RESULTS_FILE_SIZE, RESULTS_FILE_SIZE_MESSAGE


class Command(BaseCommand):
    help = (
        "Import a results spreadsheet (CSV or XLSX) for any organisation. All or nothing: "
        "any problem imports nothing and is listed with its row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV (UTF-8) or XLSX results spreadsheet.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and show what would change."
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        if path.stat().st_size > MAX_RESULTS_FILE_SIZE:
            raise CommandError(RESULTS_FILE_SIZE_MESSAGE)
        data = path.read_bytes()
        try:
            if dry_run:
                plan = results_plan(data=data, filename=path.name)
                if plan.problems:
                    raise ResultsImportError(plan.problems)
            else:
                plan = results_import(data=data, filename=path.name)
        except ResultsFileError as error:
            raise CommandError(str(error)) from error
        except ResultsImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            if error.problems.more:
                self.stderr.write(
                    f"… and {error.problems.more:,} more problem"
                    f"{'s' if error.problems.more != 1 else ''}"
                )
            raise CommandError(
                f"{len(error.problems):,} problem{'s' if len(error.problems) != 1 else ''} "
                f"in {path.name}: nothing was imported"
            ) from error
        verb = (
            {"create": "Would create", "update": "Would update"}
            if dry_run
            else {
                "create": "Created",
                "update": "Updated",
            }
        )
        for row in plan.rows:
            label = f"row {row.row}: {row.organisation.name} {row.edition.year}"
            if row.action == "unchanged":
                self.stdout.write(f"No change, {label}")
                continue
            changes = "; ".join(
                f"{change.column} {change.old} cleared (empty in the file)"
                if change.cleared
                else f"{change.column} {change.old} to {change.new}"
                if row.action == "update"
                else f"{change.column} {change.new}"
                for change in row.changes
            )
            self.stdout.write(
                f"{verb[row.action]}, {label}" + (f" ({changes})" if changes else "")
            )
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(f"Check: {warning}"))
        summary = f"{plan.created} created, {plan.updated} updated, {plan.unchanged} unchanged"
        if dry_run:
            self.stdout.write(f"Dry run: {summary}. Nothing was imported.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {summary}."))
