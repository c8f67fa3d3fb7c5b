"""A national-size results spreadsheet, and how long checking and importing it take.

For the benchmark (``make bench``) and for measuring by hand::

    from submissions.import_benchmark import import_timings
    import_timings(rows=5000)
    # {"rows": 5000, "section_results": 53..., "dry_run_seconds": ..., "apply_seconds": ...}

or ``manage.py shell -c "from submissions.import_benchmark import import_timings;
print(import_timings())"``. It writes to the database it runs against: run it on a
benchmark or throwaway database, never on live data.
"""

import random
import time
from decimal import Decimal

from networks.models import Organisation
from submissions.demo import load_structure
from submissions.imports import FIXED_COLUMNS, results_import, results_plan
from submissions.models import Edition
from weiportal.spreadsheets import csv_text

NATIONAL_ROWS = 5_000
SEED = 2026


def national_results_file(*, rows: int = NATIONAL_ROWS, prefix: str = "Import Bench") -> bytes:
    """A results CSV of ``rows`` rows: the organisations it names (created when missing, with
    "&" and "," in their names) in every edition of the demo's structure (loaded when
    missing), with every section scored, ranks and awards consistent with one another."""
    load_structure()
    editions = list(Edition.objects.prefetch_related("section_maxima__section").order_by("year"))
    count = -(-rows // len(editions))
    wanted = [
        Organisation(
            name=f"{prefix} Organisation {n:04d}, Health & Safety",
            acronym=f"IB{n:04d}",
            slug=f"{prefix.lower().replace(' ', '-')}-organisation-{n:04d}",
        )
        for n in range(count)
    ]
    Organisation.objects.bulk_create(wanted, ignore_conflicts=True)
    organisations = list(
        Organisation.objects.filter(slug__in=[o.slug for o in wanted]).order_by("slug")
    )
    rng = random.Random(SEED)
    highest = max(
        (item.section.number for edition in editions for item in edition.section_maxima.all()),
        default=0,
    )
    header = FIXED_COLUMNS + [f"section_{number}" for number in range(1, highest + 1)]
    table = []
    for edition in editions:
        maxima = {item.section.number: item.maximum for item in edition.section_maxima.all()}
        # One figure per sector and edition, as Stonewall publishes it.
        entrants_in_sector = {
            sector: rng.randint(len(organisations), 2 * len(organisations))
            for sector in Organisation.Sector.values
        }
        for organisation in organisations:
            if len(table) == rows:
                break
            # More organisations than the edition's entrants: ranks repeat, as ties do.
            rank = rng.randint(1, edition.entrants or 1_000)
            strength = rng.uniform(0.25, 0.95)
            scores = {
                number: (maximum * Decimal(f"{min(strength + rng.gauss(0, 0.1), 1):.2f}"))
                .max(Decimal(0))
                .quantize(Decimal("0.01"))
                for number, maximum in maxima.items()
            }
            if edition.year < 2022:
                award = "top_100" if rank <= 100 else "none"
            else:
                award = "gold" if rank <= 50 else "silver" if rank <= 150 else "none"
            sector_entrants = entrants_in_sector[organisation.sector]
            table.append(
                [
                    organisation.name,
                    edition.year,
                    sum(scores.values()),
                    rank,
                    rng.randint(1, sector_entrants),
                    sector_entrants,
                    award,
                    *(scores.get(number, "") for number in range(1, highest + 1)),
                ]
            )
    return csv_text(header, table, lineterminator="\r\n").encode()


def import_timings(*, rows: int = NATIONAL_ROWS) -> dict:
    """Build a national-size file, then time its dry run (checking every row) and its apply
    (importing every row into submissions that do not yet exist), in seconds."""
    # Organisations of their own each time, so every row creates a submission.
    run = Organisation.objects.filter(
        slug__startswith="import-bench-", slug__endswith="-organisation-0000"
    ).count()
    data = national_results_file(rows=rows, prefix=f"Import Bench {run + 1}")
    started = time.perf_counter()
    plan = results_plan(data=data, filename="national.csv")
    dry_run = time.perf_counter() - started
    if not plan.is_valid:
        raise ValueError(f"The benchmark file has problems: {list(plan.problems)[:5]}")
    started, cpu = time.perf_counter(), time.process_time()
    plan = results_import(data=data, filename="national.csv")
    apply, apply_cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "rows": len(plan.rows),
        "created": plan.created,
        "section_results": sum(len(row.sections) for row in plan.rows),
        "dry_run_seconds": round(dry_run, 2),
        "apply_seconds": round(apply, 2),
        # This process's own processor time: what the apply costs without other work on the
        # machine competing for it (the database server's share is not included).
        "apply_cpu_seconds": round(apply_cpu, 2),
    }
