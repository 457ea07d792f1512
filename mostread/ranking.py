"""The most-read stories of the last 24 hours, added up from the hourly buckets
(mostread.counting) at most once per `NEWSROOM_MOST_READ_REFRESH_SECONDS`, and shared.

The tally is kept in the shared cache with the time it was made. When it is older than the
refresh interval, one process (the one that takes a short lock) adds the buckets up again and
stores the new tally; the others keep using the one before until it is there. Adding up reads
every story read in the last 24 hours once per bucket it is in: three bulk reads of the cache.

The tally is of story ids and counts only. Whether a story may be shown is decided when the
list is made (`Article.objects.live()`, public/most_read.py), never here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.core.cache import cache

from mostread.counting import PREFIX, hour_of

TALLY_KEY = f"{PREFIX}tally"
LOCK_KEY = f"{PREFIX}tally-lock"
# Ids kept in the tally: more than the list shows, for the stories that are no longer live.
CANDIDATES = 50
# Keys asked of the cache at once.
BATCH = 1000
# How long the lock is held at most, if its process dies while adding up.
LOCK_SECONDS = 10


def tally(now: float) -> tuple[float, list[tuple[int, int]]]:
    """When the current tally was made, and its (story id, reads), most read first."""
    stored = cache.get(TALLY_KEY)
    if stored is not None and stored[0] + settings.NEWSROOM_MOST_READ_REFRESH_SECONDS > now:
        return stored
    if stored is not None and not cache.add(LOCK_KEY, 1, LOCK_SECONDS):
        return stored  # another process is adding up
    try:
        fresh = (now, count(now))
        cache.set(TALLY_KEY, fresh, timeout=None)
    finally:
        cache.delete(LOCK_KEY)
    return fresh


def count(now: float) -> list[tuple[int, int]]:
    """Add up the buckets of the current hour and the 23 before it."""
    current = hour_of(now)
    hours = range(current - 23, current + 1)
    lengths = _get_many(f"{PREFIX}n:{hour}" for hour in hours)
    slots = [
        f"{PREFIX}s:{hour}:{slot}"
        for hour in hours
        for slot in range(1, int(lengths.get(f"{PREFIX}n:{hour}", 0)) + 1)
    ]
    counters = [f"{PREFIX}c:{key.split(':')[2]}:{story}" for key, story in _get_many(slots).items()]
    totals: Counter[int] = Counter()
    for key, reads in _get_many(counters).items():
        totals[int(key.rsplit(":", 1)[1])] += int(reads)
    return sorted(totals.items(), key=lambda item: (-item[1], -item[0]))[:CANDIDATES]


def _get_many(keys: Iterable[str]) -> dict:
    found: dict = {}
    for batch in _batches(keys):
        found.update(cache.get_many(batch))
    return found


def _batches(keys: Iterable[str]) -> Iterator[list[str]]:
    iterator = iter(keys)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def forget() -> None:
    """Drop the shared tally (tests; the demo after seeding reads)."""
    cache.delete_many([TALLY_KEY, LOCK_KEY])
