"""`manage.py analyze_database` (core/management/commands/analyze_database.py): the planner's
statistics reflect the stories there are."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _counted_stories() -> int | None:
    """The number of stories SQLite's planner believes there are (None: no statistics)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles_article'")
        row = cursor.fetchone()
        return None if row is None else int(row[0].split()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics")
def test_it_gives_sqlites_planner_the_stories_there_are():
    ArticleFactory.create_batch(3, live=True)
    assert _counted_stories() != 3
    out = StringIO()
    call_command("analyze_database", stdout=out)
    assert _counted_stories() == 3
    assert "Analysed the sqlite database" in out.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL")
def test_on_postgresql_it_sends_a_full_analyze():
    """Sent, not run: PostgreSQL writes a table's row count in place, outside the transaction
    the test rolls back, and the later tests' plans would be made from it."""
    sent = []

    def record(execute, sql, params, many, context):
        sent.append(sql)

    with connection.execute_wrapper(record):
        call_command("analyze_database", stdout=StringIO())
    assert sent == ["ANALYZE"]
