"""A subquery's rows as one JSON array: several one-to-many lists in one round trip.

    json_rows(Byline.objects.filter(article=OuterRef("pk")), "role", "writer__name")

is a subquery for `annotate()` whose value is the JSON text
`[["reporter", "Thanh Hà"], ...]`, one inner array per row (the fields in the order given),
or `[]` when there is none. It is written with Django's `JSONArray` and an aggregate over the
subquery's rows without a GROUP BY: `json_group_array` on SQLite, `jsonb_agg` on PostgreSQL
(with `[]` for no rows, as SQLite gives). The order of the rows inside the array is not
defined (SQLite 3.40 has no ORDER BY inside an aggregate): callers that show them in an order
sort them, so include the fields to sort by.

The column is text, which Django hands over as it is (no JSONField converter per row), so
that a caller with many of them can parse them with one `json.loads` (`json_lists`). Values
come back as JSON gives them: numbers, strings, null; a datetime is a string, which
`json_datetime` reads in both databases' forms. The public pages read a story's bylines,
tags and corrections, and every card's bylines, this way (docs/performance.md, "Fewer round
trips").
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.db.models import Func, QuerySet, Subquery, TextField
from django.db.models.functions import JSONArray


class JSONRows(Func):
    """The aggregate: one JSON array (as text) of its argument over every row of the query it
    is in (a plain function for Django, so that it adds no GROUP BY)."""

    function = "JSON_GROUP_ARRAY"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="COALESCE(JSONB_AGG(%(expressions)s), '[]')::text",
            **extra_context,
        )


def json_rows(rows: QuerySet, *fields: str) -> Subquery:
    """`rows`' `fields` as a JSON array of arrays, for annotate() (the module says how)."""
    return Subquery(rows.order_by().annotate(_json=JSONRows(JSONArray(*fields))).values("_json"))


def json_lists(texts: list[str]) -> list[list]:
    """Several json_rows values parsed at once (one call instead of one per value)."""
    return json.loads(f"[{','.join(texts)}]") if texts else []


def json_datetime(value: str) -> datetime:
    """A datetime column as json_rows gives it: SQLite's stored text (UTC, no offset) or
    PostgreSQL's ISO 8601 with its offset."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
