"""Bulk loading for the benchmark seed (bench/seed.py): rows without model instances.

`write(model, fields, rows)` stores rows as `bulk_create` would, without building a model
instance per row: the fields not given take what a fresh instance's `pre_save` gives them (their
default; the current time for `auto_now` fields). The values given are stored as they are (the
driver adapts them; datetimes as Django adapts them for the database), so they must already be
what the field's `pre_save` would make of them, in the field's Python type. PostgreSQL reads the
rows with `COPY`; other databases with one `executemany` INSERT.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.db import connection
from django.db.models import Model


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
