"""Reads counted in the shared cache, in hourly buckets that expire on their own.

Per hour `h` (hours since the epoch, UTC), for each story read in it:

- `mostread:c:<h>:<story>`: the story's reads in that hour;
- `mostread:n:<h>` and `mostread:s:<h>:<i>`: the stories read in that hour, one slot each (the
  i-th story first read in it), so the ranking can find them: the cache API lists no keys.

Each lives 25 hours: long enough to be read for the whole day after its hour, gone after. Beside
them, per client (a keyed hash, mostread.clients): how many beacons it sent this hour, and
for each story it was counted for today, a mark that expires at the end of the day.

A read costs three to five cache operations and no query; nothing here raises when the cache is
away (newsroom/cache.py answers as an empty cache: nothing is counted).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

from mostread import clients

PREFIX = "mostread:"
HOUR = 3600
DAY = 24 * HOUR
# A bucket is read until 24 hours after its hour ends.
KEEP = 25 * HOUR


def hour_of(now: float) -> int:
    return int(now // HOUR)


def record(client: str, story_id: int, now: float | None = None) -> bool:
    """Count one read of a story by a client, unless that client already had this story counted
    today or has sent more than `NEWSROOM_MOST_READ_CLIENT_LIMIT` beacons this hour (a flood is
    stopped at the first cache operation). Whether it was counted."""
    now = time.time() if now is None else now
    hour = hour_of(now)
    beacons = _increment(f"{PREFIX}rate:{client}:{hour}", HOUR)
    if beacons > settings.NEWSROOM_MOST_READ_CLIENT_LIMIT:
        return False
    end_of_day = DAY - int(now) % DAY
    if not cache.add(f"{PREFIX}seen:{clients.seen_key(client, story_id)}", 1, end_of_day):
        return False
    add_reads(story_id, 1, hour)
    return True


def add_reads(story_id: int, reads: int, hour: int) -> None:
    """Add reads to a story's bucket of an hour (counted reads; the demo's made-up ones)."""
    if _increment(f"{PREFIX}c:{hour}:{story_id}", KEEP, reads) == reads:
        # The story's first reads this hour: give it a slot, so the ranking finds it.
        slot = _increment(f"{PREFIX}n:{hour}", KEEP)
        cache.set(f"{PREFIX}s:{hour}:{slot}", story_id, KEEP)


def _increment(key: str, timeout: int, delta: int = 1) -> int:
    """The key's value after adding delta, creating it with that timeout if missing."""
    try:
        return cache.incr(key, delta)
    except ValueError:
        if cache.add(key, delta, timeout):
            return delta
        return cache.incr(key, delta)


def day_of(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).date().isoformat()
