"""The benchmark: `make bench` (see docs/performance.md). Never touches var/db.sqlite3."""
