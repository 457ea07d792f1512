"""What readers see of a story's live coverage at a moment: a page of its entries, newest first,
and its key entries, decided when the page is read by `EntryQuerySet.visible()`.

One query reads both (prepared, core.prepared): the page's entries (by keyset cursor,
core.pagination: `?before=` older, `?after=` newer) and every key entry, with their writers. The
entries' pictures are read with the story body's, in one query for the whole page
(articles.body.load_pictures), by the page selector (public.selectors).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import DateTimeField, Q, QuerySet
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext

from articles.body import Body, split
from articles.models import Article
from core.pagination import CURSOR_AT, CURSOR_PK, Cursor
from core.prepared import Param, PreparedQuery
from live.models import Coverage, Entry

NOW = Param("now", DateTimeField())
STORY = Param("story")


def coverage_of(article: Article) -> Coverage | None:
    """The story's coverage, or None (no query when read with `select_related("coverage")`)."""
    try:
        return article.coverage
    except Coverage.DoesNotExist:
        return None


def _visible() -> QuerySet:
    return Entry.objects.visible(at=NOW).filter(coverage_id=STORY)


def _with_key_entries(window: QuerySet, order: tuple[str, str], per_page: int) -> QuerySet:
    """The window's first `per_page + 1` entries and every key entry, in one query. The page's
    entries are chosen by id in a subquery that walks the (coverage, -publish_at, -pk) index and
    stops; key entries are few."""
    ids = window.order_by(*order).values("pk")[: per_page + 1]
    keys = _visible().filter(is_key=True).values("pk")
    return (
        Entry.objects.filter(Q(pk__in=ids) | Q(pk__in=keys))
        .select_related("writer")
        .order_by("-publish_at", "-pk")
    )


def _first(per_page: int) -> QuerySet:
    return _with_key_entries(_visible(), ("-publish_at", "-pk"), per_page)


def _older(per_page: int) -> QuerySet:
    window = (
        _visible()
        .filter(publish_at__lte=CURSOR_AT)
        .filter(Q(publish_at__lt=CURSOR_AT) | Q(pk__lt=CURSOR_PK))
    )
    return _with_key_entries(window, ("-publish_at", "-pk"), per_page)


def _newer(per_page: int) -> QuerySet:
    window = (
        _visible()
        .filter(publish_at__gte=CURSOR_AT)
        .filter(Q(publish_at__gt=CURSOR_AT) | Q(pk__gt=CURSOR_PK))
    )
    return _with_key_entries(window, ("publish_at", "pk"), per_page)


FIRST = PreparedQuery(_first)
OLDER = PreparedQuery(_older)
NEWER = PreparedQuery(_newer)


@dataclass
class LiveEntry:
    """An entry as the page shows it: the row, and its text cut at its pictures and embeds."""

    entry: Entry
    body: Body

    def __getattr__(self, name: str):
        return getattr(self.entry, name)

    @property
    def title(self) -> str:
        return entry_title(self)

    @property
    def title_text(self) -> str:
        """The entry's whole text, plain."""
        return " ".join(html.unescape(strip_tags(self.entry.body)).split())

    @property
    def permalink_cursor(self) -> str:
        """The cursor of the page of older entries that starts with this one
        (`?before=<cursor>#entry-<id>`): a link to it wherever it is in the coverage."""
        return str(Cursor(self.entry.publish_at, self.entry.pk + 1))


@dataclass
class LiveCoverage:
    coverage: Coverage
    ended: bool
    entries: list[LiveEntry] = field(default_factory=list)
    key_entries: list[LiveEntry] = field(default_factory=list)
    has_next: bool = False  # older entries follow
    has_previous: bool = False  # newer entries precede
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def is_first(self) -> bool:
        return not self.has_previous

    @property
    def poll_seconds(self) -> int:
        return settings.NEWSROOM_LIVE_POLL_SECONDS

    @property
    def has_x_embeds(self) -> bool:
        """Whether a post from X is shown, whose button needs static/js/embeds.js."""
        return any("x" in body.providers for body in self.bodies)

    @property
    def page_ids(self) -> set[int]:
        return {item.pk for item in self.entries}

    @property
    def closing_paragraphs(self) -> list[str]:
        text = self.coverage.closing_summary.replace("\r\n", "\n").strip()
        return [" ".join(p.split("\n")) for p in text.split("\n\n") if p.strip()]

    @property
    def bodies(self) -> list[Body]:
        return [item.body for item in self.entries + self.key_entries]

    @property
    def shown(self) -> list[LiveEntry]:
        """Every entry the page shows (key entries and the page's), newest first, once each."""
        seen: dict[int, LiveEntry] = {item.pk: item for item in self.entries}
        seen.update({item.pk: item for item in self.key_entries if item.pk not in seen})
        return sorted(seen.values(), key=lambda item: (item.publish_at, item.pk), reverse=True)

    @property
    def newest(self) -> LiveEntry | None:
        return self.entries[0] if self.entries and self.is_first else None


def live_coverage(
    article: Article,
    coverage: Coverage,
    *,
    now: datetime,
    before: str | None = None,
    after: str | None = None,
    per_page: int | None = None,
) -> LiveCoverage:
    """The page of the story's entries a cursor names (the newest without one), with its key
    entries. A cursor that is not one, or names an empty page, is a 404 (as story lists)."""
    size = per_page or settings.NEWSROOM_LIVE_PAGE_SIZE
    if before is not None and after is not None:
        raise Http404("No such page.")
    named = before if before is not None else after
    cursor = Cursor.parse(named) if named is not None else None  # 404 if not a cursor
    values = {"story": article.pk, "now": now, **(cursor.params() if cursor else {})}
    query = FIRST if cursor is None else OLDER if before is not None else NEWER
    rows = [LiveEntry(entry, split(entry.body)) for entry in query.run(size, **values)]
    live = LiveCoverage(coverage, ended=coverage.is_ended(at=now))
    live.key_entries = [item for item in rows if item.is_key]
    if cursor is None:
        page = rows
    elif before is not None:
        page = [
            item for item in rows if (item.publish_at, item.pk) < (cursor.publish_at, cursor.pk)
        ]
    else:
        later = [
            item for item in rows if (item.publish_at, item.pk) > (cursor.publish_at, cursor.pk)
        ]
        page = later[::-1]  # oldest first, to take the `size` just after the cursor
    more = len(page) > size
    page = page[:size]
    if cursor is not None and not page:
        raise Http404("No such page.")
    if after is not None:
        page = page[::-1]
        live.has_previous, live.has_next = more, True
    else:
        live.has_next, live.has_previous = more, cursor is not None
    live.entries = page
    if live.has_next:
        live.next_cursor = str(Cursor.of(page[-1]))
    if live.has_previous:
        live.previous_cursor = str(Cursor.of(page[0]))
    return live


def entry_title(item: LiveEntry | Entry) -> str:
    """An entry's title where one is needed (feeds): the start of its text."""
    stored = item.body if isinstance(item, Entry) else item.entry.body
    text = " ".join(html.unescape(strip_tags(stored)).split())
    return Truncator(text).chars(90) or gettext("Update %(number)s") % {"number": item.pk}
