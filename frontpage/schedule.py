"""The next moment the front page or the banner changes by the clock alone: a layout's start, or
a breaking mark's start or end. Registered with pagecache.schedule, so no cached page outlives
it. (A pinned or breaking story going live or expiring is the story's own moment, which the page
cache already knows.)"""

from __future__ import annotations

from datetime import datetime

from frontpage.models import Breaking, Layout


def next_change(now: datetime) -> datetime | None:
    moments = [
        Layout.objects.filter(starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first(),
        Breaking.objects.filter(starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first(),
        Breaking.objects.filter(ends_at__gt=now)
        .order_by("ends_at")
        .values_list("ends_at", flat=True)
        .first(),
    ]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None
