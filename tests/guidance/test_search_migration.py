"""The search vector's migration runs on a database that already holds entries."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from guidance.models import GoodPracticeEntry
from tests.guidance.factories import PublishedEntryFactory

BEFORE = [("guidance", "0006_entry_change_waiting_for_a_lead")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL column")
@pytest.mark.django_db(transaction=True)
def test_entries_written_before_the_migration_are_searchable_after_it():
    PublishedEntryFactory(title="Kaleidoscope mentoring with directors")
    PublishedEntryFactory(title="Pride month")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    # As a live database would be upgraded: the rows exist, then the migration runs in one
    # transaction with them (it used to stop at "pending trigger events").
    executor.migrate(executor.loader.graph.leaf_nodes())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title FROM guidance_goodpracticeentry "
            "WHERE search_vector @@ websearch_to_tsquery('english', 'kaleidoscope')"
        )
        assert [row[0] for row in cursor.fetchall()] == ["Kaleidoscope mentoring with directors"]
    assert GoodPracticeEntry.objects.count() == 2
