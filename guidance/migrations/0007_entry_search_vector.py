"""Good-practice search on PostgreSQL reads a stored, weighted search vector with a GIN index.

The vector is a generated column, so every write (a form, the admin, ``bulk_create``,
``QuerySet.update``) keeps it current without the code's help. It exists only on PostgreSQL
(SQLite searches the text itself), so the model does not declare it and Django never writes
it; ``guidance.search`` reads it. PostgreSQL refuses to change the type of a column a generated
column reads: a migration that alters ``title``, ``summary`` or ``body`` there must drop
``search_vector`` first and add it again afterwards, as below.
"""

from django.db import migrations

TABLE = "guidance_goodpracticeentry"
# Title outweighs summary, summary outweighs the description; the configuration is named so
# the expression is immutable, as a generated column needs.
VECTOR = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')"
)


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    # Keep the vector in the row, moving the description out of it first: ranking reads
    # every match's vector, and fetching each from the TOAST table costs several times more.
    # Rows written before this setting are written again to follow it.
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN")
    schema_editor.execute("UPDATE guidance_goodpracticeentry SET title = title")
    # The update queued the deferred foreign-key checks of every row, and PostgreSQL builds no
    # index on a table with checks pending: run them now.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(f"CREATE INDEX entry_search_vector ON {TABLE} USING gin (search_vector)")


def remove_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS entry_search_vector")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("guidance", "0006_entry_change_waiting_for_a_lead")]

    operations = [migrations.RunPython(add_search_vector, remove_search_vector)]
