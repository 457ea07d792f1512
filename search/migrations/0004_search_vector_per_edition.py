"""PostgreSQL: each story's search vector in its edition's text configuration (search/languages.py):
`english` for the English edition, `simple` (nothing stemmed, no stop words) for Vietnamese and
any other, always over accent-folded text.

PostgreSQL 15 cannot change a generated column's expression, so the column and its GIN index are
dropped and added again: PostgreSQL computes every existing story's vector anew while adding the
column (the re-indexing of existing rows), and keeps it current on every write as before. The
index is created with `fastupdate` off, as 0002 set it. Nothing here runs on SQLite, whose FTS5
index stores folded words without stemming for every edition (the English prefixes are a
query-time rule, search/sqlite.py).
"""

from django.db import migrations

# The table of search/languages.py as it stood when this migration was written.
PER_EDITION = "CASE edition WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END"
ENGLISH = "'english'::regconfig"


def _column(config: str) -> str:
    parts = " || ".join(
        f"setweight(to_tsvector({config}, newsroom_unaccent(coalesce({column}, ''))), '{weight}')"
        for column, weight in (("headline", "A"), ("lead", "B"), ("body", "C"))
    )
    return f"ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({parts}) STORED"


def _statements(config: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS article_search_vector_idx",
        "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
        _column(config),
        "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector)"
        " WITH (fastupdate = off)",
    ]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_sqlite_full_text_index"),
        ("articles", "0007_editions"),
    ]

    operations = [
        migrations.RunPython(
            _on_postgresql(_statements(PER_EDITION)),
            _on_postgresql(_statements(ENGLISH)),
            elidable=False,
        ),
    ]
