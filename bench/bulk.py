"""Bulk loading for the benchmark seed (bench/seed.py): rows without model instances, and on
PostgreSQL the loaded tables' indexes built once after the load instead of row by row.

`write(model, fields, rows)` stores rows as `bulk_create` would, without building a model
instance per row: the fields not given take what a fresh instance's `pre_save` gives them (their
default; the current time for `auto_now` fields). The values given are stored as they are (the
driver adapts them; datetimes as Django adapts them for the database), so they must already be
what the field's `pre_save` would make of them, in the field's Python type. PostgreSQL reads the
rows with `COPY`; other databases with one `executemany` INSERT.

`indexes_built_after(*models)` is for empty tables about to be loaded. On PostgreSQL it drops
their secondary indexes (the GIN index over the search vector among them) and their unique and
foreign-key constraints, and after the load creates them again from the definitions the catalogue
held before, so the schema afterwards is the one the migrations made. Building an index once over
the loaded rows is much cheaper than maintaining it row by row, and checking a foreign key once
with a join is much cheaper than one deferred check per row at commit (PostgreSQL refuses to
create an index on a table with such checks pending anyway). The builds run with a larger
`maintenance_work_mem` and parallel workers for the btree indexes. It must run inside the
caller's transaction: if anything fails, the drops roll back with the rows. Elsewhere (SQLite)
it does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection
from django.db.models import Model

# For the index builds of one seeding session (SET LOCAL: the transaction's only). The memory is
# shared by a parallel build's participants; the workers are on top of the leader.
MAINTENANCE_WORK_MEM = "512MB"
PARALLEL_MAINTENANCE_WORKERS = 2


def write(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert `rows`, tuples of values in the order of `fields` (field names or attnames)."""
    given = [model._meta.get_field(name) for name in fields]
    rest = [f for f in model._meta.concrete_fields if f not in given and not f.primary_key]
    fresh = model()
    constant = [f.get_db_prep_save(f.pre_save(fresh, True), connection) for f in rest]
    # What DateTimeField.get_db_prep_value does; the other values need no preparing.
    adapt = connection.ops.adapt_datetimefield_value
    times = [i for i, f in enumerate(given) if f.get_internal_type() == "DateTimeField"]

    def prepared() -> Iterator[list]:
        for values in rows:
            row = [*values, *constant]
            for i in times:
                row[i] = adapt(row[i])
            yield row

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in given + rest)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * (len(given) + len(rest)))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared()
            )


@contextmanager
def indexes_built_after(*models: type[Model]) -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        _check_empty(cursor, tables)
        constraints = _constraints(cursor, tables)
        indexes = _indexes(cursor, tables)
        for table, name, _ in reversed(constraints):  # foreign keys first
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        cursor.execute(
            f"SET LOCAL max_parallel_maintenance_workers = {PARALLEL_MAINTENANCE_WORKERS}"
        )
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:  # unique constraints first
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )


def _check_empty(cursor, tables: list[str]) -> None:
    for table in tables:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)})")
        if cursor.fetchone()[0]:
            raise ValueError(f"{table} is not empty: its indexes are only rebuilt for a fresh load")


def _constraints(cursor, tables: list[str]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the tables' unique and foreign-key constraints, unique first."""
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint
        WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f')
        ORDER BY contype DESC, conrelid::regclass::text, conname
        """,
        [tables],
    )
    return cursor.fetchall()


def _indexes(cursor, tables: list[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the tables' indexes that back no constraint."""
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[])
          AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c
            WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid
          )
        ORDER BY 1
        """,
        [tables],
    )
    return cursor.fetchall()
