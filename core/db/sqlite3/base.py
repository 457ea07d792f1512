"""Django's SQLite backend, converting each statement's placeholders once, and keeping the
query planner's statistics current.

Django writes SQL with `%s` placeholders and its SQLite cursor turns them into SQLite's `?`
with a regular expression on every execution. The public pages run the same long statements
(prepared once, core.prepared) on every request, and that conversion alone was about a
twentieth of a list page's time; here it is remembered per statement text. Everything else is
Django's backend (DATABASE_URL=sqlite:///... selects it; newsroom/env.py).

A connection is kept for the worker's life (newsroom/env.py), and SQLite plans from the
statistics ANALYZE stores: without them it guesses (the benchmark's 10,000-story database,
its statistics dropped when a migration rebuilt the stories' table: the home page 38.6 ms
in-process instead of 13.1 ms, 2026-12-07). Nothing else runs ANALYZE, so, as
SQLite advises for long-lived connections, each connection runs `PRAGMA optimize` at the end of
a request once an hour (`OPTIMIZE_EVERY`): it analyses the tables its queries used that were
never analysed or have grown much since, and is otherwise a no-op. `analysis_limit` bounds the
work (about 25 ms at 10,000 stories for the first analysis, after the response has gone); a
writer holding the lock makes it give up at once and try an hour later, never wait.

The placeholders' conversion is kept because it earns its keep on the pages that matter
(docs/performance.md, "The reader app, before and after": without it the home page costs 5 %
and the article page 9 % more instructions per uncached request). It relies on private parts
of Django's SQLite backend: `FORMAT_QMARK_REGEX`, `SQLiteCursorWrapper.convert_query()`,
`create_cursor()` and `close_if_unusable_or_obsolete()`, checked against the Django versions in
`CHECKED_DJANGO` (tests/test_sqlite.py fails on any other).
"""

from __future__ import annotations

import sqlite3
import time
from functools import lru_cache

from django.db.backends.sqlite3 import base

# (major, minor) versions of Django whose SQLite backend internals this was checked against.
CHECKED_DJANGO = {(5, 2)}


@lru_cache(maxsize=2048)
def _to_qmark(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return _to_qmark(query)
        return super().convert_query(query, param_names=param_names)


# Seconds between two `PRAGMA optimize` of a kept connection, and the rows ANALYZE reads of
# each index (SQLite's `analysis_limit`: approximate statistics, bounded work).
OPTIMIZE_EVERY = 3600
ANALYSIS_LIMIT = 400


class DatabaseWrapper(base.DatabaseWrapper):
    optimize_at = 0.0  # when this connection next refreshes the planner's statistics

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)

    def close_if_unusable_or_obsolete(self) -> None:
        """Django calls this at the start and end of every request: at most once an hour, when
        no transaction is open, the planner's statistics are refreshed (the module says why)."""
        super().close_if_unusable_or_obsolete()
        if self.connection is None or self.in_atomic_block or time.monotonic() < self.optimize_at:
            return
        self.optimize_at = time.monotonic() + OPTIMIZE_EVERY
        self.optimize()

    def optimize(self) -> None:
        """`PRAGMA optimize` on the raw connection (not a query of the request's), giving up at
        once if another connection holds the write lock."""
        raw = self.connection
        (timeout,) = raw.execute("PRAGMA busy_timeout").fetchone()
        try:
            raw.execute("PRAGMA busy_timeout = 0")
            raw.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            raw.execute("PRAGMA optimize")
        except sqlite3.OperationalError:  # locked: an hour later
            pass
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(timeout)}")
