from django.core.management.base import BaseCommand, CommandError

from networks.models import Organisation
from submissions.compare.disclosure import TOTAL, edition_audit
from submissions.models import Edition, EditionSection


class Command(BaseCommand):
    help = (
        "Check that no figure the comparison pages show, alone or with the others, determines "
        "the score of an organisation that shared anonymously; list the figures withheld to "
        "make sure. Fails if any score is still determined."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, metavar="YEAR", help="Audit one edition.")

    def handle(self, *args, edition=None, **options):
        editions = Edition.objects.order_by("year")
        if edition is not None:
            editions = editions.filter(year=edition)
            if not editions.exists():
                raise CommandError(f"No {edition} edition")
        names = dict(
            EditionSection.objects.values_list("section_id", "section__name").order_by()
        ) | {TOTAL: "Total"}
        exposed = 0
        for item in editions:
            records, result = edition_audit(item.pk)
            anonymous = sum(record.anonymous for record in records)
            published = [cell for cell in result.cells if result.shown(cell)]
            self.stdout.write(
                f"{item.year}: {len(records)} shared submissions, {anonymous} anonymous; "
                f"{len(published)} aggregates shown, {len(result.primary)} withheld by the "
                f"primary rule, {len(result.secondary)} withheld so that no difference "
                "reveals a score"
            )
            for cell in sorted(result.secondary, key=str):
                self.stdout.write(f"  withheld: {_describe(cell, names)}")
            for submission_id, measure in result.determined:
                exposed += 1
                self.stdout.write(
                    self.style.ERROR(
                        f"  determined: submission {submission_id}, {names.get(measure, measure)}"
                    )
                )
        if exposed:
            raise CommandError(
                f"{exposed} anonymous score{'s are' if exposed != 1 else ' is'} still "
                "determined by what the pages show"
            )
        self.stdout.write(self.style.SUCCESS("No anonymous score is determined."))


def _describe(cell, names):
    group = {"portal": "all organisations that shared", "top_quarter": "highest-scoring quarter"}
    sector = Organisation.Sector(cell.group[-1]).label if cell.group[0] == "sector" else ""
    label = group.get(cell.group[0], f"{sector} sector")
    return f"{names.get(cell.measure, cell.measure)}, {label}"
