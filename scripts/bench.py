"""Benchmark the comparison pages against a trivial page at national scale.

    make bench            # or: .venv/bin/python scripts/bench.py [--duration 10 --concurrency 8]

Creates a throwaway PostgreSQL database on 127.0.0.1:5432 (user postgres, trust auth), migrates
it, seeds 500 organisations with submissions in 10 editions and every section, serves the
portal with gunicorn and production settings on a free loopback port, then drives each page
from a second process at a fixed concurrency for a fixed time. Prints requests per second,
median and 95th-percentile latency, and each page's throughput as a fraction of the trivial
page's; writes the same figures to bench-results/bench.json. The database is dropped and the
server stopped at the end, whatever happens.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
RESULTS = ROOT / "bench-results" / "bench.json"
ORGANISATIONS = 500
BENCH_ORGANISATION = "bench-organisation-0000"
POSTGRES = "postgres://postgres@127.0.0.1:5432"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_sql(statement):
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


# Seeding runs in a child process with Django set up against the bench database.


def seed():
    import random
    from decimal import Decimal

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from networks.models import Membership, Network, Organisation, User
    from submissions.demo import load_structure
    from submissions.models import (
        CriteriaRound,
        Edition,
        EditionSection,
        Section,
        SectionResult,
        Submission,
    )

    rng = random.Random(2026)
    load_structure()
    # Two more editions so there are 10: one early in the oldest round, one in a newer round.
    oldest = CriteriaRound.objects.get(name="2015–2017")
    early = Edition.objects.create(
        year=2015, criteria_round=oldest, entrants=397, maximum_total=Decimal(200)
    )
    for item in EditionSection.objects.filter(edition__year=2016):
        EditionSection.objects.create(edition=early, section=item.section, maximum=item.maximum)
    newest = CriteriaRound.objects.create(name="2025–2027", first_year=2025)
    latest = Edition.objects.create(
        year=2025, criteria_round=newest, entrants=430, maximum_total=Decimal(250)
    )
    for item in EditionSection.objects.filter(edition__year=2024).select_related("section"):
        section = Section.objects.create(
            criteria_round=newest, number=item.section.number, name=item.section.name
        )
        EditionSection.objects.create(edition=latest, section=section, maximum=item.maximum)

    sectors = [choice for choice, _label in Organisation.Sector.choices]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bench Organisation {n:04d}",
            acronym=f"BO{n:04d}",
            slug=f"bench-organisation-{n:04d}",
            sector=sectors[0] if n % 3 else rng.choice(sectors),
        )
        for n in range(ORGANISATIONS)
    )
    networks = Network.objects.bulk_create(
        Network(
            organisation=organisation,
            name=f"{organisation.acronym} Pride",
            slug=f"{organisation.slug}-pride",
            contact_email=f"pride@{organisation.slug}.example.gov.uk",
        )
        for organisation in organisations
    )
    strengths = {organisation.pk: rng.uniform(0.25, 0.9) for organisation in organisations}
    sharing = [Submission.Sharing.NAMED] * 6 + [Submission.Sharing.ANONYMOUS] * 2
    sharing += [Submission.Sharing.PRIVATE] * 2
    for edition in Edition.objects.prefetch_related("section_maxima"):
        maxima = list(edition.section_maxima.all())
        submissions, scores = [], []
        for organisation in organisations:
            if organisation.slug != BENCH_ORGANISATION and rng.random() > 0.9:
                continue
            section_scores = []
            for item in maxima:
                fraction = min(max(strengths[organisation.pk] + rng.gauss(0, 0.15), 0), 1)
                section_scores.append(
                    (
                        item.section_id,
                        (item.maximum * Decimal(f"{fraction:.2f}")).quantize(Decimal("0.01")),
                    )
                )
            scores.append(section_scores)
            submissions.append(
                Submission(
                    organisation=organisation,
                    edition=edition,
                    total_score=sum(score for _section, score in section_scores),
                    status=Submission.Status.COMPLETE,
                    sharing=Submission.Sharing.NAMED
                    if organisation.slug == BENCH_ORGANISATION
                    else rng.choice(sharing),
                )
            )
        submissions = Submission.objects.bulk_create(submissions)
        SectionResult.objects.bulk_create(
            (
                SectionResult(submission=submission, section_id=section_id, score=score)
                for submission, section_scores in zip(submissions, scores, strict=True)
                for section_id, score in section_scores
            ),
            batch_size=5000,
        )
    user = User.objects.create_user("bench.lead@example.gov.uk", secrets.token_urlsafe(16))
    Membership.objects.create(user=user, network=networks[0], role=Membership.Role.LEAD)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend people sign in with, as django.contrib.auth.login records it.
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    # Fresh planner statistics, as a live database would have.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        json.dumps(
            {
                "session": session.session_key,
                "submissions": Submission.objects.count(),
                "section_results": SectionResult.objects.count(),
                "editions": Edition.objects.count(),
            }
        )
    )


# The load driver runs in its own process, so it does not share the server's CPU scheduling.


def burst(port, cookie, path, concurrency, seconds):
    """``concurrency`` clients request ``path`` back to back for ``seconds``."""
    latencies = []
    errors = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"}
        own, failed = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            if response.status != 200:
                failed += 1
            own.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(own)
            errors.append(failed)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, sum(errors), time.perf_counter() - started


def drive(port, cookie, pages, concurrency, duration, rounds):
    """Drive every page in turn, in several short rounds, so that anything else slowing the
    machine down during the run weighs on every page alike."""
    latencies = {name: [] for name, _path in pages}
    errors = dict.fromkeys(latencies, 0)
    elapsed = dict.fromkeys(latencies, 0.0)
    for _round in range(rounds):
        for name, path in pages:
            times, failed, seconds = burst(port, cookie, path, concurrency, duration / rounds)
            latencies[name] += times
            errors[name] += failed
            elapsed[name] += seconds
    results = {}
    for name, path in pages:
        times = sorted(latencies[name])
        results[name] = {
            "path": path,
            "requests": len(times),
            "errors": errors[name],
            "requests_per_second": round(len(times) / elapsed[name], 1),
            "median_ms": round(statistics.median(times) * 1000, 1) if times else None,
            "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)] * 1000, 1)
            if times
            else None,
        }
    print(json.dumps(results))


def wait_until_serving(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/accessibility/", headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per page in all")
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous clients")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--keep-database", action="store_true")
    arguments = parser.parse_args()

    database = f"weiportal_bench_{os.getpid()}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "weiportal.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "PYTHONPATH": str(ROOT),
    }

    def run(*command):
        subprocess.run(command, cwd=ROOT, env=environment, check=True)  # noqa: S603

    admin_sql(f'CREATE DATABASE "{database}"')
    server = None
    try:
        print(f"Database {database}: migrating and seeding {ORGANISATIONS} organisations…")
        run(PYTHON, "manage.py", "migrate", "--no-input", "--verbosity", "0")
        seeded = json.loads(
            subprocess.run(  # noqa: S603
                [PYTHON, __file__, "seed"],
                cwd=ROOT,
                env=environment,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        print(
            f"Seeded {seeded['submissions']} submissions and {seeded['section_results']} "
            f"section results in {seeded['editions']} editions."
        )
        run(PYTHON, "manage.py", "collectstatic", "--no-input", "--verbosity", "0")
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                GUNICORN,
                "weiportal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(arguments.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment,
        )
        wait_until_serving(port)
        organisation = BENCH_ORGANISATION
        pages = [
            ("trivial (accessibility statement)", "/accessibility/"),
            ("compare index", "/compare/"),
            ("profile", f"/compare/organisations/{organisation}/2025/"),
            ("profile CSV", f"/compare/organisations/{organisation}/2025/csv/"),
            ("section", "/compare/2025/sections/2/"),
            ("section CSV", "/compare/2025/sections/2/csv/"),
            ("who did this well", "/compare/2025/sections/2/who-did-this-well/"),
            ("trend", f"/compare/organisations/{organisation}/trend/"),
            ("trend CSV", f"/compare/organisations/{organisation}/trend/csv/"),
        ]
        print(
            f"Driving {len(pages)} pages for {arguments.duration:g} s each at concurrency "
            f"{arguments.concurrency} against {arguments.workers} gunicorn workers…"
        )
        driven = subprocess.run(  # noqa: S603
            [
                PYTHON,
                __file__,
                "drive",
                json.dumps(
                    {
                        "port": port,
                        "cookie": seeded["session"],
                        "pages": pages,
                        "concurrency": arguments.concurrency,
                        "duration": arguments.duration,
                        "rounds": arguments.rounds,
                    }
                ),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            timeout=len(pages) * (arguments.duration + 60),
        )
        results = json.loads(driven.stdout)
        trivial = results[pages[0][0]]["requests_per_second"] or 1
        for figures in results.values():
            figures["fraction_of_trivial"] = round(figures["requests_per_second"] / trivial, 2)
        report(results, arguments, seeded)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not arguments.keep_database:
            admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def report(results, arguments, seeded):
    header = (
        f"{'page':36} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'errors':>7} {'× trivial':>10}"
    )
    print()
    print(header)
    print("-" * len(header))
    for name, figures in results.items():
        print(
            f"{name:36} {figures['requests_per_second']:>8.1f} {figures['median_ms']:>10.1f} "
            f"{figures['p95_ms']:>8.1f} {figures['errors']:>7} "
            f"{figures['fraction_of_trivial']:>10.2f}"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "organisations": ORGANISATIONS,
                "editions": seeded["editions"],
                "submissions": seeded["submissions"],
                "section_results": seeded["section_results"],
                "concurrency": arguments.concurrency,
                "duration_seconds": arguments.duration,
                "gunicorn_workers": arguments.workers,
                "cpus": os.cpu_count(),
                "pages": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "seed":
        seed()
    elif len(sys.argv) > 1 and sys.argv[1] == "drive":
        drive(**json.loads(sys.argv[2]))
    else:
        main()
