"""Bulk loading for the benchmark seed (bench/seed.py): rows without model instances, and on
PostgreSQL the loaded tables' indexes built once after the load instead of row by row.

`write(model, fields, rows)` stores rows as `bulk_create` would, without building a model
instance per row: the fields not given take what a fresh instance's `pre_save` gives them (their
default; the current time for `auto_now` fields). The values given are stored as they are (the
driver adapts them; datetimes as Django adapts them for the database), so they must already be
what the field's `pre_save` would make of them, in the field's Python type. PostgreSQL reads the
rows with `COPY`; other databases with INSERTs of as many rows as a statement may carry.

`loading(*models)` runs a block of writes in one transaction. On PostgreSQL the models' tables,
which must be empty, lose their secondary indexes (the GIN index over the search vector among
them) and their unique and foreign-key constraints first, and get them back at the end of the
block, inside its transaction, from the definitions the catalogue held before: the schema
afterwards is the one the migrations made. Building an index once over the loaded rows is much
cheaper than maintaining it row by row, and checking a foreign key once with a join is much
cheaper than one deferred check per row at commit (PostgreSQL also refuses to build an index on
a table with such checks pending). The builds run with a larger `maintenance_work_mem` and
parallel workers for the btree indexes (PostgreSQL 15 builds a GIN index in one process).

The drops are committed before the block, so that `aside(...)` can load rows over another
connection while the block writes the rest, each committing its own: that is how the stories'
search vectors are computed on both cores. The block's own transaction commits everything
else together with the rebuilt indexes, so a database holds all its rows only once its indexes
are back. A block that fails deletes the rows the other connections committed and rebuilds what
was dropped. A seed killed half-way cannot do that: the table `bench_seed_unfinished`, created
with the drops and dropped with the rebuild, makes the next seed refuse that database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import islice

from django.db import connection, transaction
from django.db.models import Model

# For the index builds (SET LOCAL: the transaction's only). The memory is shared by a parallel
# build's participants; the workers come on top of the leader.
MAINTENANCE_WORK_MEM = "512MB"
PARALLEL_MAINTENANCE_WORKERS = 2
UNFINISHED = "bench_seed_unfinished"


def write(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert `rows`, tuples of values in the order of `fields` (field names or attnames)."""
    _inserter(model, fields)(rows)


@contextmanager
def aside(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> Iterator[None]:
    """`write(model, fields, rows)` while the block runs: on PostgreSQL inside `loading()`, over a
    connection of its own, which commits the rows when they are written, so that PostgreSQL
    works on them on another core; elsewhere, in this connection before the block. The block's
    end waits for them, and fails if they failed."""
    insert = _inserter(model, fields)
    if connection.vendor != "postgresql":
        insert(rows)
        yield
        return
    with ThreadPoolExecutor(1) as pool:  # waits for the rows, even after an error in the block
        future = pool.submit(_in_own_session, insert, rows)
        yield
    future.result()


def _inserter(model: type[Model], fields: Sequence[str]) -> Callable[[Iterable[Sequence]], None]:
    given = [model._meta.get_field(name) for name in fields]
    rest = [f for f in model._meta.concrete_fields if f not in given and not f.primary_key]
    fresh = model()
    constant = [f.get_db_prep_save(f.pre_save(fresh, True), connection) for f in rest]
    # What DateTimeField.get_db_prep_value does; the other values need no preparing.
    adapt = connection.ops.adapt_datetimefield_value
    times = [i for i, f in enumerate(given) if f.get_internal_type() == "DateTimeField"]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in given + rest)

    def prepared(part: Iterable[Sequence]) -> Iterator[list]:
        for values in part:
            row = [*values, *constant]
            for i in times:
                row[i] = adapt(row[i])
            yield row

    def insert(part: Iterable[Sequence]) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in prepared(part):
                        copy.write_row(row)
            else:
                # As many rows a statement as bulk_create puts in one: the stories' full-text
                # index (an FTS5 table its triggers fill, search/sqlite.py) costs about three
                # times as much CPU with one row a statement (executemany): 8.0 against 2.8 s
                # for 30,000 stories.
                width = len(given) + len(rest)
                row_marks = "(" + ", ".join(["%s"] * width) + ")"
                rows = prepared(part)
                while batch := list(
                    islice(rows, max(1, connection.features.max_query_params // width))
                ):
                    cursor.execute(
                        f"INSERT INTO {table} ({columns}) VALUES "
                        + ", ".join([row_marks] * len(batch)),
                        [value for row in batch for value in row],
                    )

    return insert


def _in_own_session(insert, rows) -> None:
    """Runs in a thread, where Django opens a connection of its own, in autocommit: the rows are
    committed when their COPY ends."""
    try:
        insert(rows)
    finally:
        connection.close()


@contextmanager
def loading(*models: type[Model]) -> Iterator[None]:
    """The block's writes in one transaction; on PostgreSQL, the models' tables without their
    indexes and constraints until the block's end (the module's docstring says how)."""
    if connection.vendor != "postgresql":
        with transaction.atomic():
            yield
        return
    if connection.in_atomic_block:
        raise RuntimeError("loading() commits the index drops first: call it outside a transaction")
    tables = [model._meta.db_table for model in models]
    with transaction.atomic(), connection.cursor() as cursor:
        _check_fresh(cursor, tables)
        indexes, constraints = _indexes(cursor, tables), _constraints(cursor, tables)
        cursor.execute(f"CREATE TABLE {UNFINISHED} ()")
        for table, name, _ in reversed(constraints):  # foreign keys first
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    try:
        with transaction.atomic():
            yield
            _build(indexes, constraints)
    except BaseException:
        _restore(tables, indexes, constraints)
        raise


def _check_fresh(cursor, tables: list[str]) -> None:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [UNFINISHED])
    if cursor.fetchone()[0]:
        raise ValueError(
            f"an earlier seed of this database stopped half-way (the table {UNFINISHED} is there),"
            " so some of its indexes may be missing: drop the database and seed it again"
        )
    for table in tables:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)})")
        if cursor.fetchone()[0]:
            raise ValueError(f"{table} is not empty: its indexes are only rebuilt for a fresh load")


def _build(indexes: list[tuple[str, str]], constraints: list[tuple[str, str, str]]) -> None:
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
        cursor.execute(f"DROP TABLE {UNFINISHED}")


def _restore(tables: list[str], indexes, constraints) -> None:
    """Empty tables with their indexes again, after a failed load: the block's transaction has
    rolled back, but the rows other sessions committed are there."""
    with transaction.atomic(), connection.cursor() as cursor:
        # The deferred checks of the foreign keys into these tables run with each DELETE, not at
        # commit: PostgreSQL builds no index on a table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        _build(indexes, constraints)


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
