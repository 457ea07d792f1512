"""The next moment the public site changes by the clock alone: a scheduled story's publish_at or
a live story's expire_at, and whatever other apps register (`register()`: the front page's
scheduled layouts and breaking banners). No cached page outlives it, so a scheduled story
appears on time with no job running.

The moment is cached with the write generation it was computed at (see pagecache.versions):
any story write makes it stale, so a newly scheduled story is always taken into account.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache

KEY = "pagecache:next-event"

# Other moments the site changes at, each `provider(now) -> datetime | None`. An app registers
# one in its AppConfig.ready(); its writes must bump the generation (pagecache.signals.invalidate)
# so the cached moment is asked again.
_providers: list[Callable[[datetime], datetime | None]] = []


def register(provider: Callable[[datetime], datetime | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def next_event(now: datetime, generation: int) -> datetime | None:
    cached = cache.get(KEY)
    if cached and cached[0] == generation and (cached[1] is None or cached[1] > now):
        return cached[1]
    moment = _query(now)
    cache.set(KEY, (generation, moment), timeout=None)
    return moment


def _query(now: datetime) -> datetime | None:
    """The first scheduled story's publish_at and the first live story's expire_at, asked of the
    visibility rule's own querysets: two index seeks, (status, publish_at) and
    (status, expire_at)."""
    from articles.models import Article

    stories = Article.objects.order_by()
    first_to_go_live = stories.scheduled(at=now).order_by("publish_at")
    # Live stories that have an expiry: `expire_at__gt` adds nothing to live()'s rule, but
    # gives the database a range to seek in the (status, expire_at) index instead of reading
    # every expired story first.
    first_to_expire = stories.live(at=now).filter(expire_at__gt=now).order_by("expire_at")
    firsts: list[datetime | None] = [
        first_to_go_live.values_list("publish_at", flat=True).first(),
        first_to_expire.values_list("expire_at", flat=True).first(),
    ]
    firsts += [provider(now) for provider in _providers]
    moments = [moment for moment in firsts if moment is not None]
    return min(moments) if moments else None
