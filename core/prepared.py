"""Prepared querysets: built and compiled to SQL once per process, run with new values.

Django builds and compiles a queryset's SQL on every evaluation. For the public pages that was
most of the time they spent in the ORM: a card list's query took about 2 ms here, of which the
database needed 0.1 ms (docs/performance.md, "Prepared queries"). A `PreparedQuery` builds its
queryset once, with `Param` placeholders where values change from one request to the next (the
current time, an id, a list of ids), lets Django compile it, and keeps the SQL; each run binds
the values (prepared for the database exactly as Django prepares them, through the parameter's
field) and reads the rows with the compiler Django made, so model instances, `select_related`,
annotations and `values_list()` come out as from the queryset itself.

The queryset is still written with the ORM and the named querysets (`Article.objects.live()`),
so the rules they encode stay in one place; tests run the prepared and the plain queryset side
by side. A query whose shape depends on its input (one subquery per tag) is prepared once per
shape: `PreparedQuery(build)` calls `build(*shape)`.

On PostgreSQL with server-side binding (newsroom/env.py, NEWSROOM_DB_PREPARED_STATEMENTS) the
statement is also prepared on the server, at its first run on each connection, so PostgreSQL
stops planning it on every run (it keeps a generic plan after five). Only these statements are
prepared there: a query meant for it is written so that its plan does not hang on the values
(articles.querysets.CheckedPerStory), and tests/test_prepared.py checks the generic plans of
those that did. A query may also have its constants written into the statement
(`constants_in_sql`), so that the generic plan knows them as the custom plans do: the lists
(core.pagination) do, which is what has PostgreSQL keep their generic plans.

Only the reading is prepared: a prepared query returns a list, never a queryset that could be
filtered further (which would silently run the stored SQL).

Use it only for the hottest queries of the public pages (card lists, related news, the article
page's story: public/selectors.py); everything else is plain ORM. It relies on parts of Django
that are not public API and may change in any release:

- `Query.get_compiler()` and the `SQLCompiler` it returns: `as_sql()`, `select`, `col_count`,
  `get_converters()` and `connection`, which a copy of the compiler overrides per run;
- `QuerySet._iterable_class` (ModelIterable, ValuesListIterable...) and `QuerySet._query`, the
  attribute behind the `query` property: a run is a QuerySet whose query hands the iterable the
  prepared compiler.

`CHECKED_DJANGO` names the Django versions this was checked against; tests/test_prepared.py
fails on any other, so an upgrade re-reads those parts (and the tests that run prepared and
plain querysets side by side) before it lands.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    Expression,
    Field,
    IntegerField,
    QuerySet,
    TextField,
)

# (major, minor) versions of Django whose compiler and QuerySet internals this was checked
# against (see above).
CHECKED_DJANGO = {(5, 2)}

# Fields whose get_db_prep_value() depends on the value and the connection alone, not on the
# field's options (a DecimalField's digits would): placeholders of one name through one of
# these share their prepared value within a run.
SAME_PREPARATION = frozenset(
    {BigIntegerField, IntegerField, CharField, TextField, DateTimeField, DateField, BooleanField}
)


class Param(Expression):
    """A value bound when a prepared query runs: `filter(pk=Param("pk"))`.

    `field` prepares the value for the database as a column of that type would be (time zones
    and text dates on SQLite, for example); use the type of the column it is compared with.
    """

    def __init__(self, name: str, field: Field | None = None):
        super().__init__(output_field=field or BigIntegerField())
        self.name = name
        # Placeholders of a statement with the same key take the same prepared value, bound
        # once per run (`_bind`): the same name through a field whose preparation depends on
        # its class alone; through any other field, only this placeholder (and its copies, as
        # Django copies expressions while building the query).
        kind = type(self.output_field)
        self.key: Hashable = (type(self), name, kind) if kind in SAME_PREPARATION else object()

    def __repr__(self) -> str:
        return f"Param({self.name!r})"

    def as_sql(self, compiler, connection):
        return "%s", [self]

    def bind(self, values: dict[str, Any], connection) -> Any:
        return self.output_field.get_db_prep_value(values[self.name], connection, prepared=False)


class ParamList(Param):
    """A list of ids bound at run time, for `__in`: `filter(pk__in=ParamList("ids"))`.

    One statement serves lists of any length: the list travels as one JSON array (SQLite's
    json_each) or one array (PostgreSQL's unnest).
    """

    def as_sql(self, compiler, connection):
        return "SELECT value FROM json_each(%s)", [self]

    def as_postgresql(self, compiler, connection):
        return "SELECT unnest(%s::bigint[])", [self]

    def bind(self, values: dict[str, Any], connection) -> Any:
        ids = [int(value) for value in values[self.name]]
        return ids if connection.vendor == "postgresql" else json.dumps(ids)


class _BoundQuery:
    """The query of one run: Django's iterables ask it for a compiler and get the prepared one."""

    def __init__(self, query, compiler):
        self._query = query
        self._compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def __getattr__(self, name: str) -> Any:
        return getattr(self._query, name)


class PreparedQuery:
    """`PreparedQuery(lambda: Model.objects.filter(pk=Param("pk")))`, then `.run(pk=3)`."""

    instances: list[PreparedQuery] = []  # every prepared query, for tests that check them all

    def __init__(self, build: Callable[..., QuerySet], *, constants_in_sql: bool = False):
        self.build = build
        # On PostgreSQL, the queryset's own constants (`status = 'published'`) written into
        # the statement rather than bound: see `_constants_in_sql`.
        self.constants_in_sql = constants_in_sql
        self._compiled: dict[tuple[Hashable, ...], _Compiled] = {}
        PreparedQuery.instances.append(self)

    def run(self, *shape: Hashable, **values: Any) -> list:
        """The rows (model instances, or what values()/values_list() give) for `values`."""
        compiled = self._compiled.get(shape) or self._compile(shape)
        connection = connections[compiled.alias]
        bound = _bind(compiled.params, values, connection)
        compiler = copy.copy(compiled.compiler)
        # This thread's connection: a compiler keeps the one it was made with.
        compiler.connection = connection
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, bound)
        converters = compiled.converters.get(connection)
        if converters is None:
            fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
            converters = compiled.converters[connection] = compiler.get_converters(fields)
        compiler.get_converters = lambda fields: converters
        # A shallow copy of the stored queryset (copy.copy would evaluate it) whose query
        # hands Django's iterable the prepared compiler; `_query`, because the `query` setter
        # would also change what values_list() returns.
        run: Any = object.__new__(type(compiled.queryset))
        run.__dict__.update(compiled.queryset.__dict__)
        run._query = _BoundQuery(compiled.queryset.query, compiler)
        if not _prepares_on_server(connection):
            return list(run._iterable_class(run))
        # psycopg prepares the statement on the server at its first run on this connection
        # (one extra round trip) and runs it by name from then on; PostgreSQL plans it for its
        # first five runs, then keeps a generic plan when that costs no more.
        raw = connection.connection
        automatic = raw.prepare_threshold
        raw.prepare_threshold = 0
        try:
            return list(run._iterable_class(run))
        finally:
            raw.prepare_threshold = automatic

    def sql(self, *shape: Hashable) -> tuple[str, tuple]:
        """The compiled SQL and its parameters (Param placeholders unbound), for tests."""
        compiled = self._compiled.get(shape) or self._compile(shape)
        return compiled.sql, compiled.params

    def statements(self) -> list[tuple[tuple, str, tuple]]:
        """Every shape compiled so far, with its SQL and parameters (for tests)."""
        return [(shape, c.sql, c.params) for shape, c in list(self._compiled.items())]

    def _compile(self, shape: tuple[Hashable, ...]) -> _Compiled:
        queryset = self.build(*shape)
        alias = queryset.db
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        connection = connections[alias]
        if self.constants_in_sql and connection.vendor == "postgresql":
            sql, params = _constants_in_sql(sql, params, connection)
        compiled = self._compiled[shape] = _Compiled(queryset, alias, compiler, sql, tuple(params))
        return compiled

    def forget(self) -> None:
        """Compile again on the next run (tests that change the database settings)."""
        self._compiled.clear()


_PLACEHOLDER = re.compile(r"%%|%s")


def _constants_in_sql(sql: str, params, connection) -> tuple[str, tuple]:
    """The statement with its constant parameters (strings and numbers that are not a Param)
    written in as SQL literals, quoted by the driver (psycopg), and the parameters left to bind.

    Django passes every value as a parameter, so a prepared statement's generic plan
    (core/prepared.py: what PostgreSQL keeps after five runs when it costs no more) did not
    know that a list reads `status = 'published'`, estimated it at one status in several and
    the list's index walk at a tenth of its rows; a LIMIT over a walk it thinks sparse costs
    more, so PostgreSQL never chose the generic plan and planned a busy tag's or writer's list
    on every run (docs/performance.md, "PostgreSQL: plans kept for the lists")."""
    values = iter(params)
    kept = []

    def write(match: re.Match) -> str:
        if match[0] == "%%":
            return "%%"
        value = next(values)
        # Times stay bound: a time fixed when the query was compiled is a mistake that
        # tests/test_prepared.py looks for among the parameters.
        if isinstance(value, Param) or not isinstance(value, str | int):
            kept.append(value)
            return "%s"
        return connection.ops.compose_sql("%s", [value]).replace("%", "%%")

    return _PLACEHOLDER.sub(write, sql), tuple(kept)


def _bind(params: tuple, values: dict[str, Any], connection) -> list:
    """The statement's parameters with `values` bound, each placeholder key prepared once: the
    article page's story query has the time six times, and preparing a time for SQLite (time
    zone checks, conversion to text) cost some 30 Python calls each time."""
    done: dict[Hashable, Any] = {}
    bound = []
    for param in params:
        if isinstance(param, Param):
            key = param.key
            if key in done:
                bound.append(done[key])
                continue
            value = done[key] = param.bind(values, connection)
            bound.append(value)
        else:
            bound.append(param)
    return bound


def _prepares_on_server(connection) -> bool:
    """Whether this run's statement is prepared on the server: PostgreSQL with server-side
    binding (newsroom/env.py, NEWSROOM_DB_PREPARED_STATEMENTS), connected (the run needs the
    connection anyway)."""
    if connection.vendor != "postgresql":
        return False
    if connection.settings_dict["OPTIONS"].get("server_side_binding") is not True:
        return False
    connection.ensure_connection()
    return True


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    alias: str
    compiler: Any
    sql: str
    params: tuple
    # Each connection's value converters for the columns (SQLite's text dates, for one),
    # worked out on its first run.
    converters: dict = field(default_factory=dict)
