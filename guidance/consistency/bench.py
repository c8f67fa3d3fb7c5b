"""Time the consistency report at national scale, in the current database.

    from guidance.consistency.bench import consistency_bench
    figures = consistency_bench()   # 500 organisations, 10 editions, 3,000-word answers

Run it against a throwaway database (``DATABASE_URL``), never the live portal: it writes.
Where the database already holds section results (as scripts/bench.py seeds them), it gives
every one an answer; otherwise it first seeds ``organisations`` organisations with
submissions in ``editions`` editions of every section, with bulk inserts. Cross-cutting
sections get a standard response: a share of organisations copy it word for word (recording
the revision), a share edit it lightly, the rest write their own. It then times a full
edition's report cold (every section computed) and one section's report warm (from the
cache), prints the figures and returns them.
"""

import datetime
import random
import statistics
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from guidance.consistency import report
from guidance.models import AnswerSource, Document, Revision
from networks.models import DataVersion, Organisation, User
from networks.services import data_version_bump
from submissions.models import (
    CriteriaRound,
    Edition,
    EditionSection,
    Section,
    SectionResult,
    Submission,
)

VOCABULARY = 20_000
PARAGRAPH_WORDS = 100
PARAGRAPHS = 3_000
SECTIONS = 10
WARM_REPEATS = 20
BATCH = 500


def _paragraphs(rng):
    """A pool of paragraphs over a large vocabulary, so independent answers share little."""
    words = [f"w{rng.randrange(36**4):x}" for _ in range(VOCABULARY)]
    return [
        " ".join(rng.choice(words) for _ in range(PARAGRAPH_WORDS)) + "."
        for _ in range(PARAGRAPHS)
    ]


def _answer(rng, pool, count):
    return "\n\n".join(rng.choice(pool) for _ in range(count))


def _light_edit(rng, pool, text):
    """One paragraph in thirty replaced: about 97% the same."""
    paragraphs = text.split("\n\n")
    paragraphs[rng.randrange(len(paragraphs))] = rng.choice(pool)
    return "\n\n".join(paragraphs)


def _seed_structure(rng, *, organisations, editions):
    """A criteria round, ``editions`` editions, every section, and a submission for each
    organisation in each, with scores (no answers yet)."""
    first = max(Edition.objects.order_by("-year").values_list("year", flat=True)[:1] or [2000])
    first = first + 1
    criteria_round = CriteriaRound.objects.create(
        name=f"Bench round {first}", first_year=first, last_year=first + editions - 1
    )
    sections = Section.objects.bulk_create(
        Section(
            criteria_round=criteria_round,
            number=number,
            name=f"Bench section {number}",
            is_cross_cutting=number in (1, 7),
        )
        for number in range(1, SECTIONS + 1)
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Consistency Bench Organisation {n:04d}",
            acronym=f"CB{n:04d}",
            slug=f"consistency-bench-{first}-{n:04d}",
        )
        for n in range(organisations)
    )
    sharing = [Submission.Sharing.NAMED] * 6 + [Submission.Sharing.ANONYMOUS] * 2
    sharing += [Submission.Sharing.PRIVATE] * 2
    for year in range(first, first + editions):
        edition = Edition.objects.create(
            year=year,
            criteria_round=criteria_round,
            entrants=organisations,
            maximum_total=Decimal(20 * SECTIONS),
        )
        EditionSection.objects.bulk_create(
            EditionSection(edition=edition, section=section, maximum=Decimal(20))
            for section in sections
        )
        submissions = Submission.objects.bulk_create(
            Submission(
                organisation=organisation,
                edition=edition,
                status=Submission.Status.COMPLETE,
                sharing=rng.choice(sharing),
            )
            for organisation in orgs
        )
        SectionResult.objects.bulk_create(
            (
                SectionResult(
                    submission=submission,
                    section=section,
                    score=Decimal(rng.randrange(0, 41)) / 2,
                )
                for submission in submissions
                for section in sections
            ),
            batch_size=5000,
        )


def _standard_response(section, owner, body, now):
    document = Document.objects.create(
        slug=f"bench-standard-response-{section.pk}",
        kind=Document.Kind.STANDARD_RESPONSE,
        section=section,
        owner=owner,
        review_due=timezone.localdate() + datetime.timedelta(days=365),
    )
    revision = Revision.objects.create(
        document=document,
        number=1,
        state=Revision.State.PUBLISHED,
        title=f"Standard response for {section.name}",
        summary="Bench standard response.",
        body=body,
        change_type=Revision.ChangeType.MAJOR,
        change_note="First published.",
        published_at=now,
    )
    revision.sections.set([section])
    Document.objects.filter(pk=document.pk).update(
        current_revision=revision, latest_major_revision=revision, status="published"
    )
    return revision


def _answer_everything(rng, *, words, copy_share, edit_share):
    """Give every section result without an answer one; returns how many."""
    pool = _paragraphs(rng)
    count = max(1, words // PARAGRAPH_WORDS)
    owner = User.objects.filter(is_superuser=True).first() or User.objects.create_user(
        f"consistency.bench.{rng.randrange(10**9)}@example.gov.uk", None
    )
    now = timezone.now()
    revisions = {}
    for section in Section.objects.filter(is_cross_cutting=True, results__answer="").distinct():
        existing = Document.objects.filter(section=section).first()
        revisions[section.pk] = (
            existing.current_revision
            if existing
            else _standard_response(section, owner, _answer(rng, pool, count), now)
        )
    answered = 0
    pending = (
        SectionResult.objects.filter(answer="").order_by("pk").values_list("pk", "section_id")
    )
    batch, sources = [], []
    for pk, section_id in pending.iterator(chunk_size=BATCH):
        revision = revisions.get(section_id)
        choice = rng.random()
        if revision is not None and choice < copy_share:
            text = revision.body
            sources.append(AnswerSource(result_id=pk, revision=revision))
        elif revision is not None and choice < copy_share + edit_share:
            text = _light_edit(rng, pool, revision.body)
        else:
            text = _answer(rng, pool, count)
        batch.append(SectionResult(pk=pk, answer=text))
        if len(batch) == BATCH:
            SectionResult.objects.bulk_update(batch, ["answer"])
            answered += len(batch)
            batch = []
    if batch:
        SectionResult.objects.bulk_update(batch, ["answer"])
        answered += len(batch)
    AnswerSource.objects.bulk_create(sources, batch_size=5000, ignore_conflicts=True)
    return answered


def consistency_bench(
    *,
    organisations: int = 500,
    editions: int = 10,
    words: int = 3000,
    copy_share: float = 0.3,
    edit_share: float = 0.1,
    seed: int = 2026,
    out=print,
) -> dict:
    """Seed (where needed) and time the consistency report; returns the figures."""
    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        if not SectionResult.objects.exists():
            _seed_structure(rng, organisations=organisations, editions=editions)
        answered = _answer_everything(
            rng, words=words, copy_share=copy_share, edit_share=edit_share
        )
        data_version_bump()
    seeded = time.perf_counter() - started
    edition = (
        Edition.objects.filter(section_maxima__section__standard_responses__isnull=False)
        .order_by("-year")
        .first()
    ) or Edition.objects.order_by("-year").first()
    version = DataVersion.objects.current().version
    started = time.perf_counter()
    reports = report.edition_reports(edition, version=version)
    cold = time.perf_counter() - started
    busiest = max(reports, key=lambda item: (len(item.groups), item.answers))
    row = EditionSection.objects.select_related("edition", "section").get(
        edition=edition, section_id=busiest.section_id
    )
    timings = []
    for _ in range(WARM_REPEATS):
        started = time.perf_counter()
        report.section_report(row, version=version)
        timings.append(time.perf_counter() - started)
    figures = {
        "answers_seeded": answered,
        "seconds_to_seed": round(seeded, 1),
        "edition": edition.year,
        "sections": len(reports),
        "answers_in_edition": sum(item.answers for item in reports),
        "groups_in_edition": sum(len(item.groups) for item in reports),
        "flagged_in_edition": sum(len(item.flagged) for item in reports),
        "edition_cold_seconds": round(cold, 3),
        "section": busiest.section_number,
        "section_warm_median_ms": round(statistics.median(timings) * 1000, 3),
        "section_warm_max_ms": round(max(timings) * 1000, 3),
    }
    out(
        f"Consistency report, {figures['edition']} index: {figures['sections']} sections, "
        f"{figures['answers_in_edition']} answers, {figures['groups_in_edition']} groups "
        f"({figures['flagged_in_edition']} flagged)."
    )
    out(f"  full edition, cold: {figures['edition_cold_seconds']} s")
    out(
        f"  section {figures['section']}, warm (cache): median "
        f"{figures['section_warm_median_ms']} ms, max {figures['section_warm_max_ms']} ms"
    )
    return figures
