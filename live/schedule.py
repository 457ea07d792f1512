"""The next moment live coverage changes by the clock alone: a scheduled entry's publish_at, or
an ending set ahead. Registered with pagecache.schedule, so no cached page (the story's page, its
entries endpoint, its feed) outlives it. Two index seeks, asked once per write."""

from __future__ import annotations

from datetime import datetime

from live.models import Coverage, Entry


def next_change(now: datetime) -> datetime | None:
    next_entry = Entry.objects.scheduled(at=now).order_by("publish_at")
    next_end = Coverage.objects.filter(ended_at__gt=now).order_by("ended_at")
    firsts = [
        next_entry.values_list("publish_at", flat=True).first(),
        next_end.values_list("ended_at", flat=True).first(),
    ]
    moments = [moment for moment in firsts if moment is not None]
    return min(moments) if moments else None
