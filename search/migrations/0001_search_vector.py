"""PostgreSQL full-text search for stories: the unaccent extension, an IMMUTABLE wrapper around
it, a generated `search_vector` column on the articles table and its GIN index.

Why a stored generated column: unaccent() is only STABLE, so neither an expression index nor a
generated column may call it directly; the wrapper pins the dictionary and is declared
IMMUTABLE. PostgreSQL then keeps the column right on every write (admin, import, bulk_create,
queryset.update()) with no trigger and no save() hook, and queries read it by name, so the
index is used without repeating the expression. Nothing here runs on SQLite, whose fallback
(search.backends) needs no schema.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION newsroom_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$
    """,
    """
    ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, newsroom_unaccent(coalesce(headline, ''))), 'A')
        || setweight(to_tsvector('english'::regconfig, newsroom_unaccent(coalesce(lead, ''))), 'B')
        || setweight(to_tsvector('english'::regconfig, newsroom_unaccent(coalesce(body, ''))), 'C')
    ) STORED
    """,
    "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_search_vector_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS newsroom_unaccent(text)",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_editorial_groups")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD), elidable=False),
    ]
