"""`manage.py analyze_database` (core/management/commands/analyze_database.py): the planner's
statistics reflect the stories there are, on both databases."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _counted_stories() -> int | None:
    """The number of stories the planner believes there are (None: no statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return None
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles_article'")
            row = cursor.fetchone()
            return None if row is None else int(row[0].split()[0])
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'articles_article'")
        tuples = cursor.fetchone()[0]
        return None if tuples < 0 else int(tuples)


def test_it_gives_the_planner_the_stories_there_are():
    ArticleFactory.create_batch(3, live=True)
    assert _counted_stories() != 3
    out = StringIO()
    call_command("analyze_database", stdout=out)
    assert _counted_stories() == 3
    assert f"Analysed the {connection.vendor} database" in out.getvalue()
