"""Benchmark the portal at national scale, as people use it.

    make bench            # or: .venv/bin/python scripts/bench.py [--duration 10 --concurrency 8]

Creates a throwaway PostgreSQL database on 127.0.0.1:5432 (user postgres, trust auth), migrates
it, seeds 500 organisations with submissions in 10 editions and every section and 5,000
good-practice entries, serves the portal with gunicorn and production settings on a free
loopback port, then drives each page from a second process at a fixed concurrency for a fixed
time. Requests rotate over 50 signed-in leads (each of their own organisation), two editions
and every section of both, and each client keeps the cookies the server sets, as a browser
does. While the comparison pages are driven, a lead saves a section result every few seconds
through the section's form, which moves the data version and so invalidates the cache, as real
use does. The cache is a shared Redis on 127.0.0.1:6379 when one answers (its own database,
emptied first), so the hit rate can be read from it; otherwise each process's own memory.

Prints requests per second, median and 95th-percentile latency and each page's throughput as a
fraction of the trivial page's, the cache hit rate, a 5,000-row results import's dry run and
apply times, and the consistency report's times; writes the same figures to
bench-results/bench.json. The database is dropped and the server stopped at the end, whatever
happens.
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
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
RESULTS = ROOT / "bench-results" / "bench.json"
ORGANISATIONS = 500
# Signed-in leads the requests rotate over, each of their own organisation.
VIEWERS = 50
ENTRIES = 5000
IMPORT_ROWS = 5000
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = ("127.0.0.1", 6379)
REDIS_DATABASE = 15
# The goals: each page's throughput as a fraction of the trivial page's in the same run.
GOALS = {"compare": 0.5, "search": 0.3}


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


def redis_command(*words):
    """One Redis command over a plain socket (the driver needs no client library); the reply
    as text, or None when no Redis answers."""
    try:
        with socket.create_connection(REDIS, timeout=2) as sock:
            payload = f"*{len(words)}\r\n" + "".join(
                f"${len(word.encode())}\r\n{word}\r\n" for word in words
            )
            sock.sendall(payload.encode())
            reply = b""
            while True:
                chunk = sock.recv(65536)
                reply += chunk
                if not chunk or _complete(reply):
                    break
    except OSError:
        return None
    if reply.startswith(b"$"):
        return reply.split(b"\r\n", 1)[1].decode()
    return reply.decode().strip()


def _complete(reply):
    if reply.startswith(b"$"):
        size, _sep, rest = reply[1:].partition(b"\r\n")
        return len(rest) >= int(size) + 2
    return reply.endswith(b"\r\n")


def redis_stats():
    """Redis's counts of reads that found their key and reads that did not."""
    info = redis_command("INFO", "stats") or ""
    figures = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(figures.get("keyspace_hits", 0)), int(figures.get("keyspace_misses", 0))


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

    from guidance.national import COMMON_WORD, PHRASE, RARE_WORD, entries_seed
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

    rng = random.Random(2026)
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
        for n, organisation in enumerate(organisations):
            if n >= VIEWERS and rng.random() > 0.9:
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
                    sharing=Submission.Sharing.NAMED if n == 0 else rng.choice(sharing),
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
    viewers = []
    for network in networks[:VIEWERS]:
        user = User.objects.create_user(
            f"bench.lead.{network.slug}@example.gov.uk", secrets.token_urlsafe(16)
        )
        Membership.objects.create(user=user, network=network, role=Membership.Role.LEAD)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        # The backend people sign in with, as django.contrib.auth.login records it.
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        viewers.append({"session": session.session_key, "slug": network.organisation.slug})
    years = sorted(Edition.objects.values_list("year", flat=True))[-2:]
    sections = {
        year: sorted(
            EditionSection.objects.filter(edition__year=year).values_list(
                "section__number", flat=True
            )
        )
        for year in years
    }
    # The lead of the first organisation saves its latest result, section by section.
    written = Submission.objects.get(organisation=organisations[0], edition__year=years[-1])
    entries_seed(count=ENTRIES)
    # Fresh planner statistics, as a live database would have.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        json.dumps(
            {
                "viewers": viewers,
                "years": years,
                "sections": sections,
                "write": {
                    "session": viewers[0]["session"],
                    "paths": [
                        f"/submissions/{written.pk}/sections/{number}/"
                        for number in sections[years[-1]]
                    ],
                },
                "search": {"common": COMMON_WORD, "rare": RARE_WORD, "phrase": PHRASE},
                "submissions": Submission.objects.count(),
                "section_results": SectionResult.objects.count(),
                "editions": Edition.objects.count(),
            }
        )
    )


# The load driver runs in its own process, so it does not share the server's CPU scheduling.


class Browser:
    """One person's cookies, kept and sent back as a browser does."""

    def __init__(self, session):
        self.cookies = {"sessionid": session}

    def headers(self):
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {"Cookie": cookie, "Host": "127.0.0.1"}

    def keep(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)


class FormFields(HTMLParser):
    """The values a form would post: inputs, checked radios and textareas."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            if attrs.get("type") in ("radio", "checkbox") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def save_section(connection, browser, path, lower):
    """A lead opens a section's form and saves it with the score a hundredth lower, or back
    up again; either keeps the sections within the total. True when the save went through."""
    connection.request("GET", path, headers=browser.headers())
    response = connection.getresponse()
    page = response.read().decode()
    browser.keep(response)
    if response.status != 200:
        return False
    form = FormFields()
    form.feed(page)
    fields = form.fields
    from decimal import Decimal

    score = Decimal(fields.get("score") or "0")
    fields["score"] = str(
        max(score - Decimal("0.01"), Decimal(0)) if lower else score + Decimal("0.01")
    )
    fields["completed"] = "yes"
    body = urlencode(fields)
    headers = {
        **browser.headers(),
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1{path}",
        "Origin": "http://127.0.0.1",
    }
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    browser.keep(response)
    return response.status == 302


def writer(port, write, interval, active, stop, counts):
    """Saves a section result after every ``interval`` seconds during which ``active`` was
    set (while pages that take writes are driven), until ``stop`` is set."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    browser = Browser(write["session"])
    done, waited = 0, 0.0
    while not stop.wait(0.1):
        if not active.is_set():
            continue
        waited += 0.1
        if waited < interval:
            continue
        waited = 0.0
        path = write["paths"][done % len(write["paths"])]
        lower = (done // len(write["paths"])) % 2 == 0
        try:
            saved = save_section(connection, browser, path, lower=lower)
        except (OSError, http.client.HTTPException):
            saved = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        counts["writes" if saved else "failed_writes"] += 1
        done += 1
    connection.close()


def burst(port, viewers, paths, concurrency, seconds):
    """``concurrency`` clients request back to back for ``seconds``: request k of client c is
    made as a viewer and to a path each chosen in turn, so every viewer meets every path."""
    latencies = []
    errors = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(number):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        browsers = [Browser(viewer["session"]) for viewer in viewers]
        own, failed, k = [], 0, 0
        while time.perf_counter() < deadline:
            who = (number + k * concurrency) % len(viewers)
            path = paths[(number * 7 + k) % len(paths)].format(slug=quote(viewers[who]["slug"]))
            browser = browsers[who]
            k += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=browser.headers())
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            browser.keep(response)
            if response.status != 200:
                failed += 1
            own.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(own)
            errors.append(failed)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(number,)) for number in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, sum(errors), time.perf_counter() - started


def drive(port, viewers, pages, write, write_every, concurrency, duration, rounds):
    """Drive every page in turn, in several short rounds, so that anything else slowing the
    machine down during the run weighs on every page alike. While a page that writes is
    driven, a lead saves a section result every ``write_every`` seconds."""
    names = [page["name"] for page in pages]
    latencies = {name: [] for name in names}
    errors = dict.fromkeys(names, 0)
    elapsed = dict.fromkeys(names, 0.0)
    hits = {name: [0, 0] for name in names}
    counts = {"writes": 0, "failed_writes": 0}
    active, stop = threading.Event(), threading.Event()
    background = threading.Thread(
        target=writer, args=(port, write, write_every, active, stop, counts)
    )
    background.start()
    try:
        for _round in range(rounds):
            for page in pages:
                name, seconds = page["name"], duration / rounds
                if page["writes"]:
                    active.set()
                before = redis_stats()
                times, failed, spent = burst(port, viewers, page["paths"], concurrency, seconds)
                after = redis_stats()
                active.clear()
                latencies[name] += times
                errors[name] += failed
                elapsed[name] += spent
                hits[name][0] += after[0] - before[0]
                hits[name][1] += after[1] - before[1]
    finally:
        stop.set()
        background.join()
    results = {}
    for page in pages:
        name = page["name"]
        times = sorted(latencies[name])
        found, missed = hits[name]
        results[name] = {
            "kind": page["kind"],
            "paths": len(page["paths"]),
            "requests": len(times),
            "errors": errors[name],
            "requests_per_second": round(len(times) / elapsed[name], 1),
            "median_ms": round(statistics.median(times) * 1000, 1) if times else None,
            "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)] * 1000, 1)
            if times
            else None,
            "cache_reads": found + missed,
            "cache_hits": found,
        }
    print(json.dumps({"pages": results, **counts}))


def time_import():
    """A national-size results file: its dry run and its apply, timed in this process."""
    import django

    django.setup()
    from submissions.import_benchmark import import_timings

    print(json.dumps(import_timings(rows=IMPORT_ROWS)))


def time_consistency():
    """The consistency report at national scale: one section from the cache, an edition cold."""
    import django

    django.setup()
    from guidance.consistency.bench import consistency_bench

    print(json.dumps(consistency_bench()))


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


def pages_to_drive(seeded):
    """Each page as the list of paths its requests rotate over."""
    years, sections = seeded["years"], seeded["sections"]
    in_sections = [(year, number) for year in years for number in sections[str(year)]]

    def page(name, kind, paths, writes=False):
        return {"name": name, "kind": kind, "paths": paths, "writes": writes}

    def search(words):
        return [f"/good-practice/?{urlencode({'q': words, 'page': n})}" for n in (1, 2, 3)]

    return [
        page("trivial (accessibility statement)", "trivial", ["/accessibility/"]),
        page("compare index", "compare", ["/compare/"], writes=True),
        page(
            "profile",
            "compare",
            [f"/compare/organisations/{{slug}}/{year}/" for year in years],
            writes=True,
        ),
        page(
            "profile CSV",
            "compare",
            [f"/compare/organisations/{{slug}}/{year}/csv/" for year in years],
            writes=True,
        ),
        page(
            "section",
            "compare",
            [f"/compare/{year}/sections/{number}/" for year, number in in_sections],
            writes=True,
        ),
        page(
            "section CSV",
            "compare",
            [f"/compare/{year}/sections/{number}/csv/" for year, number in in_sections],
            writes=True,
        ),
        page(
            "who did this well",
            "compare",
            [
                f"/compare/{year}/sections/{number}/who-did-this-well/"
                for year, number in in_sections
            ],
            writes=True,
        ),
        page("trend", "compare", ["/compare/organisations/{slug}/trend/"], writes=True),
        page("trend CSV", "compare", ["/compare/organisations/{slug}/trend/csv/"], writes=True),
        page("search: common word", "search", search(seeded["search"]["common"])),
        page("search: rare word", "search", search(seeded["search"]["rare"])),
        page("search: phrase", "search", search(seeded["search"]["phrase"])),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per page in all")
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous clients")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--write-every", type=float, default=5, help="seconds between saved section results"
    )
    parser.add_argument(
        "--only", default="", help="drive only pages whose names contain this (and the trivial)"
    )
    parser.add_argument("--skip-import", action="store_true", help="do not time an import")
    parser.add_argument(
        "--skip-consistency", action="store_true", help="do not time the consistency report"
    )
    parser.add_argument("--keep-database", action="store_true")
    arguments = parser.parse_args()

    database = f"weiportal_bench_{os.getpid()}"
    shared_cache = redis_command("PING") == "+PONG"
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
    if shared_cache:
        environment["DJANGO_CACHE_URL"] = f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DATABASE}"

    def run(*command):
        subprocess.run(command, cwd=ROOT, env=environment, check=True)  # noqa: S603

    def child(step, timeout=None):
        completed = subprocess.run(  # noqa: S603
            [PYTHON, __file__, step],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return json.loads(completed.stdout.strip().splitlines()[-1])

    admin_sql(f'CREATE DATABASE "{database}"')
    server = None
    try:
        print(
            f"Database {database}: migrating and seeding {ORGANISATIONS} organisations and "
            f"{ENTRIES} good-practice entries…"
        )
        run(PYTHON, "manage.py", "migrate", "--no-input", "--verbosity", "0")
        seeded = child("seed")
        print(
            f"Seeded {seeded['submissions']} submissions and {seeded['section_results']} "
            f"section results in {seeded['editions']} editions."
        )
        run(PYTHON, "manage.py", "collectstatic", "--no-input", "--verbosity", "0")
        if shared_cache:
            flush_redis()
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
                # Otherwise every gunicorn on the machine shares one control socket.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=environment,
        )
        wait_until_serving(port)
        pages = pages_to_drive(seeded)
        pages = pages[:1] + [page for page in pages[1:] if arguments.only in page["name"]]
        print(
            f"Driving {len(pages)} pages for {arguments.duration:g} s each at concurrency "
            f"{arguments.concurrency} against {arguments.workers} gunicorn workers, as "
            f"{len(seeded['viewers'])} leads, with a section result saved every "
            f"{arguments.write_every:g} s on comparison pages; cache: "
            f"{'shared Redis' if shared_cache else 'each process its own memory'}…"
        )
        driven = subprocess.run(  # noqa: S603
            [
                PYTHON,
                __file__,
                "drive",
                json.dumps(
                    {
                        "port": port,
                        "viewers": seeded["viewers"],
                        "pages": pages,
                        "write": seeded["write"],
                        "write_every": arguments.write_every,
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
        driven = json.loads(driven.stdout)
        server.terminate()
        server.wait(timeout=30)
        server = None
        results = driven["pages"]
        trivial = results[pages[0]["name"]]["requests_per_second"] or 1
        for figures in results.values():
            figures["fraction_of_trivial"] = round(figures["requests_per_second"] / trivial, 2)
        compare = [figures for figures in results.values() if figures["kind"] == "compare"]
        reads = sum(figures["cache_reads"] for figures in compare)
        cache = {
            "backend": "redis" if shared_cache else "local memory",
            "hit_rate": round(sum(f["cache_hits"] for f in compare) / reads, 3)
            if shared_cache and reads
            else None,
            "writes": driven["writes"],
            "failed_writes": driven["failed_writes"],
            "write_every_seconds": arguments.write_every,
        }
        imported = None
        if not arguments.skip_import:
            print(f"Timing a {IMPORT_ROWS}-row results import…")
            imported = child("import", timeout=900)
        consistency = None
        if not arguments.skip_consistency:
            print("Timing the consistency report…")
            consistency = child("consistency", timeout=1800)
        report(results, cache, imported, consistency, arguments, seeded)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if shared_cache:
            flush_redis()
        if not arguments.keep_database:
            admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def flush_redis():
    """Empties the bench's own Redis database: each command is its own connection, so the
    database is chosen in the same pipeline as the flush."""
    try:
        with socket.create_connection(REDIS, timeout=5) as sock:
            sock.sendall(f"SELECT {REDIS_DATABASE}\r\nFLUSHDB\r\n".encode())
            sock.recv(1024)
    except OSError:
        pass


def report(results, cache, imported, consistency, arguments, seeded):
    header = (
        f"{'page':36} {'paths':>6} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'errors':>7} "
        f"{'× trivial':>10} {'goal':>6}"
    )
    print()
    print(header)
    print("-" * len(header))
    for name, figures in results.items():
        goal = GOALS.get(figures["kind"])
        verdict = (
            "" if goal is None else ("met" if figures["fraction_of_trivial"] >= goal else "MISSED")
        )
        figures["goal"] = goal
        print(
            f"{name:36} {figures['paths']:>6} {figures['requests_per_second']:>8.1f} "
            f"{figures['median_ms'] or 0:>10.1f} {figures['p95_ms'] or 0:>8.1f} "
            f"{figures['errors']:>7} "
            f"{figures['fraction_of_trivial']:>10.2f} {verdict:>6}"
        )
    print()
    rate = "not measured" if cache["hit_rate"] is None else f"{cache['hit_rate']:.1%}"
    print(
        f"Cache ({cache['backend']}): hit rate {rate} on comparison pages; "
        f"{cache['writes']} section results saved ({cache['failed_writes']} failed)."
    )
    if imported:
        print(
            f"Import of {imported['rows']} rows ({imported.get('section_results', '?')} section "
            f"results): dry run {imported['dry_run_seconds']:.1f} s, apply "
            f"{imported['apply_seconds']:.1f} s."
        )
    if consistency:
        print(
            "Consistency report: "
            + ", ".join(f"{key} {value}" for key, value in consistency.items())
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "organisations": ORGANISATIONS,
                "viewers": len(seeded["viewers"]),
                "editions": seeded["editions"],
                "submissions": seeded["submissions"],
                "section_results": seeded["section_results"],
                "good_practice_entries": ENTRIES,
                "concurrency": arguments.concurrency,
                "duration_seconds": arguments.duration,
                "gunicorn_workers": arguments.workers,
                "cpus": os.cpu_count(),
                "pages": results,
                "cache": cache,
                "import": imported,
                "consistency": consistency,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    steps = {"seed": seed, "import": time_import, "consistency": time_consistency}
    if len(sys.argv) > 1 and sys.argv[1] in steps:
        steps[sys.argv[1]]()
    elif len(sys.argv) > 1 and sys.argv[1] == "drive":
        drive(**json.loads(sys.argv[2]))
    else:
        main()
