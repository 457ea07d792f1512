"""Made-up reads for the demo's most-read list (docs/mostread.md).

The demo newspaper has no readers, so its most-read list would stay empty until someone opens
its stories in a browser. `seed_reads()` gives its newest live stories plausible counts over the
last hours, the storm story most: demo data, written through the same counters as real reads
(mostread.counting), in the cache only, and gone within 25 hours like any count. It adds
nothing where reads were already counted.

`seed()` (demo/seed.py) calls it, which serves a shared cache (Redis). With `make run`'s cache in
local memory, the one process that would hold them is the server, so there
`NEWSROOM_DEMO_READS=true` makes the server seed them at its first request (demo/apps.py).
"""

from __future__ import annotations

import random
import time

from articles.models import Article
from mostread import counting, ranking

STORIES = 10
# How many reads the most-read story gets; the n-th gets about 1/n of that.
TOP_READS = 1200
HOURS = 6


def seed_reads(first: list[str] | None = None, now: float | None = None) -> int:
    """Give the newest live stories (those headlined `first` at the top) made-up reads; the
    number of stories given reads (0 when reads were already counted)."""
    now = time.time() if now is None else now
    if ranking.count(now):
        return 0
    live = Article.objects.live().order_by("-publish_at", "-pk")
    pinned = [
        pk
        for headline in first or []
        for pk in live.filter(headline=headline).values_list("pk", flat=True)[:1]
    ]
    newest = [pk for pk in live.values_list("pk", flat=True)[: STORIES * 2] if pk not in pinned]
    stories = (pinned + newest)[:STORIES]
    rng = random.Random(len(stories))
    hour = counting.hour_of(now)
    for rank, pk in enumerate(stories, start=1):
        total = int(TOP_READS / rank * rng.uniform(0.9, 1.1))
        for back in range(HOURS):
            counting.add_reads(pk, max(1, total // HOURS), hour - back)
    ranking.forget()
    return len(stories)
