"""The next moment the public site changes by the clock alone: a scheduled story's publish_at or
a live story's expire_at. No cached page outlives it, so a scheduled story appears on time with
no job running.

The moment is cached with the write generation it was computed at (see pagecache.versions):
any story write makes it stale, so a newly scheduled story is always taken into account.
"""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache

KEY = "pagecache:next-event"


def next_event(now: datetime, generation: str) -> datetime | None:
    cached = cache.get(KEY)
    if cached and cached[0] == generation and (cached[1] is None or cached[1] > now):
        return cached[1]
    moment = _query(now)
    cache.set(KEY, (generation, moment), timeout=None)
    return moment


def _query(now: datetime) -> datetime | None:
    """Two index seeks: (status, publish_at) and (status, expire_at)."""
    from articles.models import Article

    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    moments = [
        published.filter(**{f"{field}__gt": now})
        .order_by(field)
        .values_list(field, flat=True)
        .first()
        for field in ("publish_at", "expire_at")
    ]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None
