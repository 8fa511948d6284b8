"""Trigram indexes for the registry search on PostgreSQL.

The search matches each word of a query inside the stored normalized names and aliases
(`normalized_name LIKE '%shah%'`); a B-tree cannot serve a match that does not start the
value, a pg_trgm GIN index can. SQLite, the small first-run default, scans instead.
pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+): the database
owner may create it.
"""

from django.db import migrations

INDEXES = (
    ("influencer", "normalized_name", "influencer_normalized_name_trgm"),
    ("influenceralias", "normalized", "influenceralias_normalized_trgm"),
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for model, column, name in INDEXES:
        table = apps.get_model("identification", model)._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} "
            f"ON {quote(table)} USING gin ({quote(column)} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, _, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):

    dependencies = [
        ("identification", "0009_names_refuse_bidi_controls"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
