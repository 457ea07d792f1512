"""One render per missing page: when many readers ask for a page at once right after a write
(a breaking story), one request renders it and the others wait for its copy.

The request that finds no copy it may serve takes a short lock in the shared cache, named by the
page (`SET NX PX` on Redis: newsroom/cache.py; `add` elsewhere), renders, stores the copy and
releases the lock. A request that finds the lock taken waits: it reads the lock every few
milliseconds, and once it is gone asks for the copy with the same checks as any hit
(pagecache.store.serve), so a copy is served only if it may be: a copy the renderer did not
store (a write during its render, an error page) or one that is stale already is not served,
and the waiter renders the page itself. It renders too when the wait reaches
`NEWSROOM_PAGE_CACHE_WAIT_MS` (the renderer is slow or died: the lock lasts as long, so a dead
renderer's lock goes away on its own), and at once when the cache cannot tell (Redis away).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from pagecache import shared, store, versions

PREFIX = "pagecache:rendering:"
# The pauses between two looks at the lock, in seconds: short at first (a render takes a few
# milliseconds), then every 50 ms.
PAUSES = (0.002, 0.005, 0.01, 0.02, 0.05)


def lock_key(location: str) -> str:
    return PREFIX + hashlib.md5(location.encode(), usedforsecurity=False).hexdigest()


def take(location: str) -> int | None:
    """The lock on rendering this page: its token when taken, 0 when another request holds it,
    None when there is none to take (waiting is off, or the cache cannot tell)."""
    wait = settings.NEWSROOM_PAGE_CACHE_WAIT_MS
    if wait <= 0:
        return None
    token = versions.token() or 1
    taken = shared.lock(lock_key(location), token, wait)
    if taken is None:
        return None
    return token if taken else 0


def release(location: str, token: int) -> None:
    shared.unlock(lock_key(location), token)


def wait(request: HttpRequest, location: str) -> HttpResponse | None:
    """The copy the request holding the lock stored, once it released it, or None: the copy is
    not there or may not be served, or the wait timed out. Then the caller renders."""
    key = lock_key(location)
    deadline = time.monotonic() + settings.NEWSROOM_PAGE_CACHE_WAIT_MS / 1000
    pause = iter(PAUSES)
    while True:
        time.sleep(next(pause, PAUSES[-1]))
        if shared.read([key]) == [None]:
            return store.serve(request, location, timezone.now().timestamp())
        if time.monotonic() >= deadline:
            return None
