"""Reading good practice: the library's search, filters and sorting, and an entry's history."""

import hashlib
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, Value, When
from django.utils.functional import SimpleLazyObject

from guidance.markdown import plain_text
from guidance.models import GoodPracticeEntry, helpful_count
from networks.models import DataVersion
from submissions.compare.version import CACHE_SECONDS
from submissions.models import Section
from weiportal.history import history_entries

MAX_QUERY_LENGTH = 200
# Excerpts mark matches with these characters; the template escapes the text first.
MARK_START, MARK_END = "\x02", "\x03"


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    HELPFUL = "helpful"


@dataclass
class EntryFilters:
    query: str = ""
    section: Section | None = None
    organisation: object = None
    sector: str = ""
    edition: object = None
    sort: str = ""


def _list_queryset(queryset):
    return queryset.select_related("network__organisation", "edition").prefetch_related(
        Prefetch("sections", queryset=Section.objects.select_related("criteria_round"))
    )


def uses_postgres():
    return connection.vendor == "postgresql"


def library_version(request):
    """The version of published guidance (good practice, its helpful marks, guidance
    documents and the organisations and sections they name), read once per request: what
    the library and other pages show of it is cached under this."""
    return DataVersion.for_request(request).guidance_version


def entry_library(*, filters: EntryFilters, version=None):
    """Published entries matching the filters, as ``LibraryResults`` to paginate.

    On PostgreSQL the query is a full-text web search (quotes for phrases, "or", "-word") of
    the stored search vector, ranked title over summary over description, with highlighted
    excerpts (``headline``); elsewhere every word must appear somewhere. Each entry of a
    page has ``helpful_count`` and, for a search, ``excerpt``. Published entries are the same
    for everyone, so given the ``library_version`` the count is cached, and ``key`` names
    the results for caching what a page renders of them.
    """
    entries = GoodPracticeEntry.objects.published()
    if filters.section:
        entries = entries.filter(sections=filters.section)
    if filters.organisation:
        entries = entries.filter(network__organisation=filters.organisation)
    if filters.sector:
        entries = entries.filter(network__organisation__sector=filters.sector)
    if filters.edition:
        entries = entries.filter(edition=filters.edition)
    query = clean_query(filters.query)
    sort = filters.sort or (Sort.RELEVANCE if query else Sort.NEWEST)
    full_text = None
    if query and uses_postgres():
        from guidance import search as full_text

        entries = full_text.matching(entries, query)
    elif query:
        entries = _simple_search(entries, query)
    # What the order needs is worked out for every match; what a page shows, for its rows.
    sort_by, shown = {}, {"helpful_count": helpful_count()}
    order = ["-published_at", "-pk"]
    if sort == Sort.HELPFUL:
        sort_by["helpful_count"] = helpful_count()
        order = ["-helpful_count", *order]
    elif sort == Sort.RELEVANCE and full_text:
        sort_by["rank"] = shown["rank"] = full_text.rank(query)
        order = ["-rank", *order]
    if full_text:
        shown["headline"] = full_text.headline(query, start_sel=MARK_START, stop_sel=MARK_END)
    key = None
    if version is not None:
        chosen = [query, filters.section, filters.organisation, filters.sector, filters.edition]
        described = "\x1f".join(str(getattr(value, "pk", value) or "") for value in chosen)
        digest = hashlib.sha256(f"{described}\x1f{sort}".encode()).hexdigest()
        key = f"library:{version}:{digest}"
    return LibraryResults(
        matches=entries,
        sort_by=sort_by,
        shown=shown,
        order=order,
        excerpt_query=filters.query,
        key=key,
    )


class LibraryResults:
    """The library's matches for ``django.core.paginator.Paginator``.

    Counting runs the filters alone, without ranking. A page first picks its entries' ids in
    order (ranking every match only when sorting by relevance, counting helpful marks for
    every match only when sorting by them), then, in the same query, reads just those
    entries with their rank, helpful count and excerpt, so the costly parts run for the
    twenty shown, never for every match.

    With a ``key`` the count comes from the cache, and a page's entries are read only when
    first used, so a page whose rendering is cached reads none of them.
    """

    ordered = True

    def __init__(self, *, matches, sort_by, shown, order, excerpt_query="", key=None):
        self.matches = matches
        self.sort_by = sort_by
        self.shown = shown
        self.order = order
        self.excerpt_query = excerpt_query
        self.key = key

    def _count(self):
        return self.matches.order_by().count()

    def count(self):
        if self.key is None:
            return self._count()
        return cache.get_or_set(f"{self.key}:count", self._count, CACHE_SECONDS)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("The library's results are read a page at a time.")
        return SimpleLazyObject(lambda: self._entries(key))

    def _entries(self, key):
        ids = self.matches.annotate(**self.sort_by).order_by(*self.order).values("pk")
        page = GoodPracticeEntry.objects.filter(pk__in=ids[key])
        entries = list(_list_queryset(page.annotate(**self.shown).order_by(*self.order)))
        for entry in entries:
            entry.excerpt = excerpt(entry, self.excerpt_query) if self.excerpt_query else ""
        return entries


def clean_query(text):
    """The search as typed, within bounds: at most ``MAX_QUERY_LENGTH`` characters and none
    the database refuses (NUL)."""
    return text.replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def search_has_words(query):
    """Whether the search holds anything to look for: "the and of" or "&|!" alone do not,
    so the page can say why nothing matched."""
    query = clean_query(query)
    if not query:
        return False
    if uses_postgres():
        from guidance import search as full_text

        return full_text.has_words(query)
    return bool(search_words(query))


def search_words(query):
    return re.findall(r"\w[\w'-]*", query)[:10]


def _simple_search(entries, query):
    words = search_words(query)
    if not words:
        return entries.none()
    for word in words:
        entries = entries.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    return entries


def excerpt(entry, query):
    """A short passage of the entry with the query's words marked, for the results list.

    PostgreSQL supplies its own headline; this is the fallback for other databases.
    """
    headline = getattr(entry, "headline", None)
    if headline is not None:
        return plain_text_keep_marks(headline)
    text = " ".join(plain_text(entry.body).split())
    words = search_words(query)
    if not words:
        return ""
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    found = pattern.search(text)
    if not found:
        return ""
    start = max(text.rfind(" ", 0, max(found.start() - 80, 0)) + 1, 0)
    end = text.find(" ", min(found.end() + 160, len(text)))
    end = len(text) if end == -1 else end
    passage = text[start:end]
    marked = pattern.sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_END}", passage)
    return ("… " if start else "") + marked + (" …" if end < len(text) else "")


def plain_text_keep_marks(headline):
    # The headline comes from the Markdown source: drop the markup but keep the marks.
    return " ".join(plain_text(headline).split())


def entries_waiting_for(user):
    """Drafts and sent-back entries of the person's networks, and published ones with a
    change not yet published, for the library's top."""
    if not user.network_ids():
        return GoodPracticeEntry.objects.none()
    Status = GoodPracticeEntry.Status
    return (
        GoodPracticeEntry.objects.filter(network_id__in=user.network_ids())
        .filter(
            Q(status__in=[Status.DRAFT, Status.SENT_BACK])
            | Q(status=Status.PUBLISHED, pending_change__isnull=False)
        )
        .select_related("network__organisation", "pending_change")
        .order_by("-updated_at")
    )


def section_lineage(section: Section):
    """The section and, latest first, the sections of earlier rounds it continues (the link
    admins set on each section), in one query."""
    links = dict(Section.objects.order_by().values_list("pk", "continues_id"))
    ids, current = [section.pk], links.get(section.pk)
    while current is not None and current not in ids:
        ids.append(current)
        current = links.get(current)
    return ids


def section_entries(*, section: Section, leader_slugs=(), lineage=None):
    """Published entries that help with one section or with a section it continues.

    Entries for the section itself come before those for an earlier round's section, and
    entries of the organisations in ``leader_slugs`` (who did this well) before both; then
    the most helpful first. Each entry has ``for_this_section``, and ``earlier_sections``:
    its sections among those the section continues.
    """
    lineage = lineage or section_lineage(section)
    tagged = GoodPracticeEntry.sections.through.objects.filter  # the entry-section links
    entries = (
        GoodPracticeEntry.objects.published()
        .with_helpful_count()
        .filter(pk__in=tagged(section_id__in=lineage).values("goodpracticeentry_id"))
        .annotate(
            for_this_section=Exists(
                tagged(goodpracticeentry_id=OuterRef("pk"), section_id=section.pk)
            ),
            by_leader=Case(
                When(network__organisation__slug__in=list(leader_slugs), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-by_leader", "-for_this_section", "-helpful_count", "-published_at", "-pk")
    )
    return _list_queryset(entries)


def with_earlier_sections(entries, lineage):
    """Mark each entry with its sections among the earlier ones of ``lineage``."""
    earlier = set(lineage[1:])
    for entry in entries:
        entry.earlier_sections = [s for s in entry.sections.all() if s.pk in earlier]
    return entries


# The fields whose changes an entry's history names.
HISTORY_FIELDS = [
    "title",
    "summary",
    "body",
    "edition",
    "contact_name",
    "contact_email",
    "status",
    "status_reason",
]


def entry_history(entry, *, limit=20):
    """Who changed the entry, when, why and which fields: its latest ``limit`` records,
    newest first, in one query."""
    records = entry.history.select_related("history_user").order_by("-history_date")[:limit]
    return history_entries(records, fields=HISTORY_FIELDS)
