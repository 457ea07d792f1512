"""The shared cache calls of the page cache, one round trip each, through Django's cache API, or
through the Redis backend's own calls where it offers them (newsroom/cache.py: `read_many`,
`lock`, `unlock`), which cost less CPU than `get_many` on a hit and lock with `SET NX PX`.

Duck-typed, so the page cache runs the same on any Django cache backend (local memory in
`make run` and the tests).
"""

from __future__ import annotations

from django.core.cache import DEFAULT_CACHE_ALIAS, caches


def read(keys: list[str]) -> list:
    """The values of `keys`, in their order, None for a missing one."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    read_many = getattr(backend, "read_many", None)
    if read_many is not None:
        return read_many(keys)
    found = backend.get_many(keys)
    return [found.get(key) for key in keys]


def watched(key: str):
    """The value of `key` when the cache can tell, without a round trip, that it has not changed
    since this process last read it (Redis: newsroom/cache.py's `watched`); None otherwise, and
    with a cache that cannot (local memory: reading the key costs nothing there)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    watched = getattr(backend, "watched", None)
    return None if watched is None else watched(key)


def lock(key: str, value: int, milliseconds: int) -> bool | None:
    """Take the lock `key` for `milliseconds` unless someone holds it: whether it was taken;
    None when the cache cannot tell (Redis away: do not wait for anyone)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    take = getattr(backend, "lock", None)
    if take is not None:
        return take(key, value, milliseconds)
    return backend.add(key, value, timeout=milliseconds / 1000)


def unlock(key: str, value: int) -> None:
    """Release the lock `key` if it is still `value`'s (it may have expired and been taken)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    release = getattr(backend, "unlock", None)
    if release is not None:
        release(key, value)
    elif backend.get(key) == value:
        backend.delete(key)
