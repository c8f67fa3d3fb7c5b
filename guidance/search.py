"""PostgreSQL full-text search over good-practice entries.

Imported only when the database is PostgreSQL. Entries are matched against the stored,
weighted ``search_vector`` column (title, then summary, then description; see migration
``0007_entry_search_vector``) through its GIN index, so no entry's text is parsed again
while searching; excerpts are highlighted only for the entries on the page shown.
"""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Expression

SEARCH_CONFIG = "english"
EXCERPT_WORDS = 35


class StoredSearchVector(Expression):
    """The entry's ``search_vector`` column, which the model does not declare as only
    PostgreSQL has it."""

    output_field = SearchVectorField()

    def __init__(self, alias=None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return StoredSearchVector(query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return StoredSearchVector(change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name(self.alias)}.search_vector", []

    def get_group_by_cols(self):
        return [self]


def search_query(text):
    """Web-search syntax (quotes for phrases, "or", "-word"): any text parses, and text of
    stop words or punctuation alone matches nothing."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def matching(entries, text):
    """``entries`` whose stored vector matches ``text``: a filter the GIN index answers."""
    return entries.alias(search_vector=StoredSearchVector()).filter(
        search_vector=search_query(text)
    )


def has_words(text):
    """Whether ``text`` holds any word the search looks for (not only stop words such as
    "the", or punctuation): one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)) > 0", [SEARCH_CONFIG, text]
        )
        return cursor.fetchone()[0]


def rank(text):
    return SearchRank(StoredSearchVector(), search_query(text))


def headline(text, *, start_sel, stop_sel):
    """The description's passages that match, marked with ``start_sel`` and ``stop_sel``."""
    return SearchHeadline(
        "body",
        search_query(text),
        config=SEARCH_CONFIG,
        start_sel=start_sel,
        stop_sel=stop_sel,
        max_words=EXCERPT_WORDS,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
