"""PostgreSQL: write new entries straight into the search index (GIN `fastupdate` off).

With `fastupdate` on (PostgreSQL's default) a GIN index queues new entries in a "pending list"
of up to `gin_pending_list_limit` (4 MB) until VACUUM or the next overflow merges them, and
every search reads the whole list: about 500 pages, 10 ms, before it can look up a single word
(measured on the 100,000-story benchmark database, where a word in no story took 9.6 ms before
and 0.1 ms after). The planner counts those pages too, so it shuns the index for rare words.
Stories are saved a few times a minute and searched far more often, so each save merges its
own entries instead. The second statement merges what is already queued. Nothing here runs on
SQLite.
"""

from django.db import migrations

FORWARD = [
    "ALTER INDEX article_search_vector_idx SET (fastupdate = off)",
    "SELECT gin_clean_pending_list('article_search_vector_idx'::regclass)",
]
BACKWARD = ["ALTER INDEX article_search_vector_idx RESET (fastupdate)"]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_vector")]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD), elidable=False),
    ]
