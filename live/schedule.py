"""The next moment live coverage changes by the clock alone: a scheduled entry's publish_at.
Registered with pagecache.schedule, so no cached page (the story's page, its entries endpoint,
its feed) outlives it. One index seek (entry_publish_idx), asked once per write. (Coverage ends
when an editor ends it, at that moment: a write, which refreshes the story's pages itself.)"""

from __future__ import annotations

from datetime import datetime

from live.models import Entry


def next_change(now: datetime) -> datetime | None:
    scheduled = Entry.objects.scheduled(at=now).order_by("publish_at")
    return scheduled.values_list("publish_at", flat=True).first()
