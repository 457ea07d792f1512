"""Copies of stored pages this process has already written or fetched, by cache key, so that a
hit need not fetch and unpickle the page again (with Redis, its whole body over the network):
only the two small keys that say whether it may be served. At most
`NEWSROOM_PAGE_CACHE_LOCAL_MB` of bodies per process; the least recently used go first.

Holding a copy here decides nothing: it is served only after the same check as a copy fetched
from the shared cache (pagecache.views), and never past its own `valid_until`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings

_copies: OrderedDict[str, dict] = OrderedDict()
_size = 0
_lock = threading.Lock()


def get(key: str) -> dict | None:
    with _lock:
        entry = _copies.get(key)
        if entry is not None:
            _copies.move_to_end(key)
        return entry


def keep(key: str, entry: dict) -> None:
    budget = settings.NEWSROOM_PAGE_CACHE_LOCAL_MB * 1024 * 1024
    with _lock:
        _drop(key)
        if len(entry["body"]) > budget:
            return
        _put(key, entry)
        while _size > budget:
            _drop(next(iter(_copies)))


def forget(key: str) -> None:
    with _lock:
        _drop(key)


def clear() -> None:
    with _lock:
        while _copies:
            _drop(next(iter(_copies)))


def _put(key: str, entry: dict) -> None:
    global _size
    _copies[key] = entry
    _size += len(entry["body"])


def _drop(key: str) -> None:
    global _size
    entry = _copies.pop(key, None)
    if entry is not None:
        _size -= len(entry["body"])


def size() -> int:
    """The bytes of the bodies held."""
    return _size
