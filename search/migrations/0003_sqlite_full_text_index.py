"""SQLite: an FTS5 full-text index of stories, kept current by triggers (search/sqlite.py).

Nothing here runs on PostgreSQL, whose index is the search_vector column of 0001.
"""

from django.db import migrations


def _on_sqlite(function_name):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        from search import sqlite

        getattr(sqlite, function_name)(schema_editor.connection)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_search_index_fastupdate_off"),
        ("articles", "0005_perf_indexes"),
    ]

    operations = [
        migrations.RunPython(_on_sqlite("create_index"), _on_sqlite("drop_index"), elidable=False),
    ]
