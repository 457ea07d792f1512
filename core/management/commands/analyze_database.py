"""`manage.py analyze_database`: fresh planner statistics for the database (a full `ANALYZE`).

SQLite keeps none unless asked, and without them its planner guesses: at 10,000 stories the
home page rendered in 38.6 ms instead of 13.1 ms (docs/performance.md, 2026-12-07). PostgreSQL's
autovacuum analyses tables as they change, when it runs; this makes sure after a deploy or an
import. `make serve` runs it after migrating; on SQLite, run it again as the archive grows (after
an import, or nightly from cron). A full `ANALYZE`, never `PRAGMA optimize` with an
`analysis_limit`: its approximate statistics gave worse plans than none (docs/performance.md).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections


class Command(BaseCommand):
    help = "Refresh the database's planner statistics (ANALYZE)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database: str, **options) -> None:
        connection = connections[database]
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Analysed the {connection.vendor} database in {time.monotonic() - started:.1f} s."
        )
