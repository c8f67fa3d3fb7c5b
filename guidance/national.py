"""Good-practice entries at national scale, for measuring the library's search.

``entries_seed(count=5000)`` writes published entries in a few bulk statements (seconds for
thousands), drawing their text from the demo's ideas so that common words ("network") match
most entries, a rare one (``RARE_WORD``) a handful and a phrase (``PHRASE``) some. It skips
history and validation, as a measurement needs only plausible rows: never use it for data
people will read.
"""

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from guidance.demo import IDEAS
from guidance.models import GoodPracticeEntry, HelpfulMark
from networks.models import Network, User
from submissions.models import Edition, Section

COMMON_WORD = "network"
RARE_WORD = "apprentices"
PHRASE = '"reverse mentoring"'
# One entry in this many mentions RARE_WORD.
RARE_EVERY = 500
PLACES = ["Cardiff", "Glasgow", "Belfast", "Leeds", "Newcastle", "Bristol", "Croydon", "York"]
LESSONS = [
    "Start earlier, so the work is finished well before the submission deadline.",
    "Ask the network what they need before designing anything.",
    "Keep evidence as we go: dates, numbers and quotes.",
    "Agree who owns each answer in the submission at the start of the year.",
    "Share drafts with HR and the diversity team a month before the deadline.",
]


@transaction.atomic
def entries_seed(*, count: int, seed: int = 2026, networks=None) -> int:
    """Add ``count`` published good-practice entries, spread over ``networks`` (every network
    by default), editions and sections, with helpful marks from up to 40 existing people.

    Returns how many entries were written. Needs at least one network.
    """
    rng = random.Random(seed)
    networks = list(networks if networks is not None else Network.objects.order_by("pk"))
    if not networks:
        raise ValueError("Create at least one network before seeding entries.")
    editions = list(Edition.objects.order_by("year")) or [None]
    sections = list(Section.objects.order_by("pk"))
    readers = list(User.objects.filter(is_active=True).order_by("pk")[:40])
    now = timezone.now()
    entries = []
    for number in range(count):
        titles, summary, what, why, _numbers, _older = IDEAS[number % len(IDEAS)]
        network = networks[rng.randrange(len(networks))]
        others = rng.sample(IDEAS, 2)
        paragraphs = [what, why, *(idea[2] for idea in others)]
        if number % RARE_EVERY == 0:
            paragraphs.append(f"We also ran sessions for {RARE_WORD} in their first month.")
        lessons = "\n".join(f"- {lesson}" for lesson in rng.sample(LESSONS, 3))
        published_at = now - datetime.timedelta(days=rng.randint(1, 2500), minutes=number)
        entries.append(
            GoodPracticeEntry(
                title=f"{titles[number % 2]} in {rng.choice(PLACES)}",
                summary=summary,
                body="\n\n".join(paragraphs)
                + f"\n\n## What we would do differently\n\n{lessons}\n\n"
                f"Contact {network.name} if you would like our templates.",
                network=network,
                edition=rng.choice(editions),
                status=GoodPracticeEntry.Status.PUBLISHED,
                created_at=published_at - datetime.timedelta(days=14),
                published_at=published_at,
            )
        )
    entries = GoodPracticeEntry.objects.bulk_create(entries, batch_size=1000)
    if sections:
        Through = GoodPracticeEntry.sections.through
        Through.objects.bulk_create(
            (
                Through(goodpracticeentry_id=entry.pk, section_id=section.pk)
                for entry in entries
                for section in rng.sample(sections, min(2, len(sections)))
            ),
            batch_size=5000,
        )
    if readers:
        HelpfulMark.objects.bulk_create(
            (
                HelpfulMark(entry_id=entry.pk, user_id=reader.pk)
                for entry in entries
                for reader in rng.sample(readers, rng.randint(0, min(5, len(readers))))
            ),
            batch_size=5000,
        )
    if connection.vendor == "postgresql":
        # Plan the searches with statistics that include the new rows, as autovacuum would.
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {GoodPracticeEntry._meta.db_table}, {HelpfulMark._meta.db_table}"
            )
    return len(entries)
