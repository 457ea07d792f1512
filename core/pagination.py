"""Keyset ("cursor") pagination for the newest-first public story lists.

A page is named by the story it continues from: `?before=<cursor>` lists the stories older than
that story, `?after=<cursor>` the ones newer. The database seeks straight to the cursor in the
list's index, so page 500 costs what page 1 costs, and no page ever counts the whole list (no
`COUNT(*)`, no `OFFSET`). The cursor is the story's publication time in microseconds since the
epoch and its id, e.g. `?before=1764050400000000-1234`: stable, readable, and crawlable, since
every list links its next and previous pages.

Anything else in those parameters, a cursor that leads to an empty page, and the `?page=` numbers
of the old paginator answer 404: nothing a reader types can raise a 500, and crawlers do not
index endless copies of the first page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import DateTimeField, Q, QuerySet
from django.http import Http404, HttpRequest

from core.prepared import Param, PreparedQuery

CURSOR = re.compile(r"(\d{1,17})-(\d{1,18})")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Cursor:
    publish_at: datetime
    pk: int

    @classmethod
    def of(cls, story: Any) -> Cursor:
        return cls(story.publish_at, story.pk)

    @classmethod
    def parse(cls, raw: str) -> Cursor:
        match = CURSOR.fullmatch(raw)
        if not match:
            raise Http404("No such page.")
        try:
            moment = EPOCH + timedelta(microseconds=int(match[1]))
        except OverflowError:
            raise Http404("No such page.") from None
        return cls(moment, int(match[2]))

    def params(self) -> dict[str, Any]:
        return {"cursor_at": self.publish_at, "cursor_pk": self.pk}

    def __str__(self) -> str:
        delta = self.publish_at - EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros}-{self.pk}"


@dataclass
class KeysetPage:
    object_list: list
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def is_first(self) -> bool:
        return not self.has_previous

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


NEWEST = ("-publish_at", "-pk")
OLDEST = ("publish_at", "pk")
# The cursor's parts, bound when a page's prepared query runs.
CURSOR_AT = Param("cursor_at", DateTimeField())
CURSOR_PK = Param("cursor_pk")


class KeysetList:
    """A newest-first (`-publish_at`, `-pk`) list of stories, paged by cursor.

    `stories(*shape)` builds the list's queryset, with the Params of a prepared query
    (core.prepared) where the values change, e.g. `Article.objects.live(at=NOW)
    .filter(section_id=Param("section"))`; `rows` says what a page's query reads of each story
    (e.g. `values_list(...)`) and `make` turns a page's rows into what the page lists (story
    cards: `Card.from_rows`, which does once per page what every card needs). Its three
    statements (first page, older than a cursor, newer than a cursor) are prepared once per
    shape and page size.
    """

    def __init__(
        self,
        stories: Callable[..., QuerySet],
        rows: Callable[[QuerySet], QuerySet] = lambda queryset: queryset,
        make: Callable[[Iterable[Any]], list] = list,
    ):
        def page_of(window: QuerySet, stories_: QuerySet, order, per_page: int) -> QuerySet:
            # The page's ids are chosen in a subquery without the page's joins (so the
            # database walks the list's index and stops after per_page + 1 entries, instead of
            # starting from a joined table and sorting everything), then read by id: one
            # query. The outer query repeats none of the list's conditions, which would let
            # the database walk the list's index again instead of seeking the ids.
            ids = window.order_by(*order).values("pk")[: per_page + 1]
            return rows(stories_.model._base_manager.filter(pk__in=ids).order_by(*order))

        def first(per_page: int, *shape) -> QuerySet:
            stories_ = stories(*shape)
            return page_of(stories_, stories_, NEWEST, per_page)

        def older(per_page: int, *shape) -> QuerySet:
            stories_ = stories(*shape)
            # The redundant `publish_at <= t` bounds the index range scan; the OR settles ties.
            # It comes first: SQLite bounds the range by the first of two conditions on the
            # column, and the list's own `publish_at <= now` would have it walk from today
            # down to the cursor (page 241 of a tag took 1.4 ms instead of 0.1).
            bound = stories_.model._base_manager.filter(publish_at__lte=CURSOR_AT)
            window = bound & stories_.filter(Q(publish_at__lt=CURSOR_AT) | Q(pk__lt=CURSOR_PK))
            return page_of(window, stories_, NEWEST, per_page)

        def newer(per_page: int, *shape) -> QuerySet:
            stories_ = stories(*shape)
            bound = stories_.model._base_manager.filter(publish_at__gte=CURSOR_AT)
            window = bound & stories_.filter(Q(publish_at__gt=CURSOR_AT) | Q(pk__gt=CURSOR_PK))
            return page_of(window, stories_, OLDEST, per_page)

        # The list's constants in the SQL, so that PostgreSQL keeps a generic plan for its
        # first page (core.prepared._constants_in_sql).
        self._first = PreparedQuery(first, constants_in_sql=True)
        self._older = PreparedQuery(older, constants_in_sql=True)
        self._newer = PreparedQuery(newer, constants_in_sql=True)
        self._make = make

    def page(self, request: HttpRequest, per_page: int, *shape, **values) -> KeysetPage:
        """The page the query string names, in one query: `per_page + 1` rows tell whether
        another page follows. `values` are the list's parameters."""
        if "page" in request.GET or ("before" in request.GET and "after" in request.GET):
            raise Http404("No such page.")
        if "before" in request.GET:
            cursor = Cursor.parse(request.GET["before"])
            rows = self._read(self._older, per_page, shape, values, cursor)
            if not rows:
                raise Http404("No such page.")
            return _page(rows, per_page, has_previous=True)
        if "after" in request.GET:
            cursor = Cursor.parse(request.GET["after"])
            rows = self._read(self._newer, per_page, shape, values, cursor)
            if not rows:
                raise Http404("No such page.")
            return _newer_page(rows, per_page)
        rows = self._read(self._first, per_page, shape, values)
        return _page(rows, per_page, has_previous=False)

    def _read(self, query: PreparedQuery, per_page: int, shape, values, cursor=None) -> list:
        cursor_values = cursor.params() if cursor else {}
        return self._make(query.run(per_page, *shape, **values, **cursor_values))


def _newer_page(rows: list, per_page: int) -> KeysetPage:
    has_previous = len(rows) > per_page
    stories = rows[:per_page][::-1]
    return KeysetPage(
        object_list=stories,
        has_next=True,
        has_previous=has_previous,
        next_cursor=str(Cursor.of(stories[-1])),
        previous_cursor=str(Cursor.of(stories[0])) if has_previous else "",
    )


def _page(rows: list, per_page: int, has_previous: bool) -> KeysetPage:
    stories = rows[:per_page]
    has_next = len(rows) > per_page
    return KeysetPage(
        object_list=stories,
        has_next=has_next,
        has_previous=has_previous,
        next_cursor=str(Cursor.of(stories[-1])) if has_next else "",
        previous_cursor=str(Cursor.of(stories[0])) if has_previous and stories else "",
    )
