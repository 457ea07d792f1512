"""Django's SQLite backend, converting each statement's placeholders once.

Django writes SQL with `%s` placeholders and its SQLite cursor turns them into SQLite's `?`
with a regular expression on every execution. The public pages run the same long statements
(prepared once, core.prepared) on every request, and that conversion alone was about a
twentieth of a list page's time; here it is remembered per statement text. Everything else is
Django's backend (DATABASE_URL=sqlite:///... selects it; newsroom/env.py).

Kept because it earns its keep on the pages that matter (docs/performance.md, "The reader app,
before and after": without it the home page costs 5 % and the article page 9 % more
instructions per uncached request). It relies on private parts of Django's SQLite backend:
`FORMAT_QMARK_REGEX`, `SQLiteCursorWrapper.convert_query()` and `create_cursor()`, checked
against the Django versions in `CHECKED_DJANGO` (tests/test_sqlite.py fails on any other).
"""

from __future__ import annotations

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


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
