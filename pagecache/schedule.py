"""The next moment the public site changes by the clock alone: a scheduled story's publish_at
(an arrival) or a live story's expire_at (a departure), and whatever other apps register
(`register()`: the front page's scheduled layouts and breaking banners). No cached page outlives
it, so a scheduled story appears on time and an expiring one leaves on time, with no job running.

A page that takes new stories in within a bounded time (an article page's related news and
"more from this writer", pagecache.views.fresh_within) is not ended by an arrival, only by a
departure or a registered moment: `next_event(..., arrivals=False)`. A scheduled story can only
reach it as a story it does not show yet.

The moments are cached with the write generation they were computed at (see pagecache.versions):
any story write makes them stale, so a newly scheduled story is always taken into account.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache

# The version in the key is the cached value's format: (generation, arrival, departure).
KEY = "pagecache:next-event:2"

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
    cached = cache.get(KEY)
    if not cached or cached[0] != generation or _passed(cached[1:], now):
        cached = (generation, *_query(now))
        cache.set(KEY, cached, timeout=None)
    _, arrival, departure = cached
    return _first([arrival, departure]) if arrivals else departure


def _passed(moments, now: datetime) -> bool:
    return any(moment is not None and moment <= now for moment in moments)


def _first(moments: list[datetime | None]) -> datetime | None:
    found = [moment for moment in moments if moment is not None]
    return min(found) if found else None


def _query(now: datetime) -> tuple[datetime | None, datetime | None]:
    """(arrival, departure): the first scheduled story's publish_at; the first live story's
    expire_at or registered moment. Asked of the visibility rule's own querysets: two index
    seeks, (status, publish_at) and (status, expire_at)."""
    from articles.models import Article

    stories = Article.objects.order_by()
    first_to_go_live = stories.scheduled(at=now).order_by("publish_at")
    # Live stories that have an expiry: `expire_at__gt` adds nothing to live()'s rule, but
    # gives the database a range to seek in the (status, expire_at) index instead of reading
    # every expired story first.
    first_to_expire = stories.live(at=now).filter(expire_at__gt=now).order_by("expire_at")
    arrival = first_to_go_live.values_list("publish_at", flat=True).first()
    departures = [first_to_expire.values_list("expire_at", flat=True).first()]
    departures += [provider(now) for provider in _providers]
    return arrival, _first(departures)
