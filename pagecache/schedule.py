"""The next moment the public site changes by the clock alone: a scheduled story's publish_at
(an arrival) or a live story's expire_at (a departure), and whatever other apps register
(`register()`: the front page's scheduled layouts and breaking banners). No cached page outlives
it, so a scheduled story appears on time and an expiring one leaves on time, with no job running.

A page that takes new stories in within a bounded time (an article page's related news and
"more from this writer", pagecache.views.fresh_within) is not ended by an arrival: a scheduled
story can only reach it as a story it does not show yet. Nor is it ended by a story it does not
show leaving: `next_departure(..., stories)` is the first expire_at among the stories it shows
(its keys `article:<id>`: its own, its cards', its other versions', the breaking banner's), or a
registered moment. Until 2026-12-07 every story leaving ended every article page.

The moments are cached with the write generation they were computed at (see pagecache.versions):
any story write makes them stale, so a newly scheduled story is always taken into account.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import datetime

from django.core.cache import cache

# The version in the key is the cached value's format:
# (generation, arrival, departure, registered, expiring).
KEY = "pagecache:next-event:3"
# How many of the next expiries of published stories are kept, as (expire_at, id): a page that
# shows none of them is kept no later than the last one (there may be others after it).
EXPIRIES_HELD = 100

# Other moments the site changes at, each `provider(now) -> datetime | None`. An app registers
# one in its AppConfig.ready(); its writes must bump the generation (pagecache.signals.invalidate)
# so the cached moment is asked again. Every page is ended by them.
_providers: list[Callable[[datetime], datetime | None]] = []


def register(provider: Callable[[datetime], datetime | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def next_event(now: datetime, generation: int, *, arrivals: bool = True) -> datetime | None:
    """The next moment a page may change by the clock; with `arrivals=False`, the next moment
    a story leaves or a registered moment comes, whatever is scheduled to go live first."""
    _, arrival, departure, _, _ = _moments(now, generation)
    return _first([arrival, departure]) if arrivals else departure


def next_departure(now: datetime, generation: int, stories: Collection[int]) -> datetime | None:
    """The next moment a page that shows only `stories` (ids), and takes new stories in within
    a bound, changes by the clock: one of those stories leaving, or a registered moment."""
    _, _, _, registered, expiring = _moments(now, generation)
    moments = [registered]
    moments.append(next((moment for moment, pk in expiring if pk in stories), None))
    if len(expiring) >= EXPIRIES_HELD:
        moments.append(expiring[-1][0])  # stories leaving after it are not known here
    return _first(moments)


def shown_stories(keys: Iterable[str]) -> set[int]:
    """The ids of the stories a page shows, from its keys (pagecache.versions: `article:<id>`
    for its story and every story it shows a card, link or banner of)."""
    return {int(key[8:]) for key in keys if key.startswith("article:") and key[8:].isdigit()}


def _moments(now: datetime, generation: int) -> tuple:
    cached = cache.get(KEY)
    if not cached or cached[0] != generation or _passed(cached[1:3], now):
        cached = (generation, *_query(now))
        cache.set(KEY, cached, timeout=None)
    return cached


def _passed(moments, now: datetime) -> bool:
    return any(moment is not None and moment <= now for moment in moments)


def _first(moments: list[datetime | None]) -> datetime | None:
    found = [moment for moment in moments if moment is not None]
    return min(found) if found else None


def _query(now: datetime) -> tuple:
    """(arrival, departure, registered, expiring): the first scheduled story's publish_at; the
    first live story's expire_at or registered moment; the first registered moment; the next
    EXPIRIES_HELD expiries of published stories, live or scheduled, as (expire_at, id) in
    order. Asked of the visibility rule's own querysets: two index seeks, (status, publish_at)
    and (status, expire_at)."""
    from articles.models import Article

    stories = Article.objects.order_by()
    first_to_go_live = stories.scheduled(at=now).order_by("publish_at")
    # Published stories that have an expiry, live or still to go live (a scheduled one is
    # shown once it is live, by a page rendered before this is asked again: an arrival
    # passing asks again too): a range in the (status, expire_at) index.
    to_expire = stories.filter(status=Article.Status.PUBLISHED, expire_at__gt=now)
    expiring = tuple(
        (moment, pk)
        for moment, pk in to_expire.order_by("expire_at", "pk").values_list("expire_at", "pk")[
            :EXPIRIES_HELD
        ]
    )
    arrival = first_to_go_live.values_list("publish_at", flat=True).first()
    registered = _first([provider(now) for provider in _providers])
    # A scheduled story's expiry comes after its publication, so after `arrival`: counting it
    # among the departures ends no page earlier than the arrival would.
    departure = _first([expiring[0][0] if expiring else None, registered])
    return arrival, departure, registered, expiring
