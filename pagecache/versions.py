"""Dependency versions: one random token per thing a page shows.

A cached page stores the versions of its dependencies at render time; it is served only while
all of them are unchanged. A write bumps (replaces) the versions of what it touches. Keys:

- `site`: every page (navigation, writer and tag names on cards); sections, writers, tags.
- `home`: the home page; `lists`: every list of the latest stories (feeds, sitemaps, search).
- `article:<id>`, `section:<id>`, `tag:<id>`, `writer:<id>`.
- `gen`: bumped with every write, so a page rendered while a write happened is not stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.cache import cache

PREFIX = "pagecache:v:"
GENERATION = "gen"


def _token() -> str:
    return uuid.uuid4().hex[:16]


def current(keys: Iterable[str]) -> dict[str, str | None]:
    """The current version of each key (None when it has none, e.g. evicted)."""
    keys = list(keys)
    found = cache.get_many([PREFIX + key for key in keys])
    return {key: found.get(PREFIX + key) for key in keys}


def ensure(keys: Iterable[str]) -> dict[str, str]:
    """The current versions, giving a version to any key that has none, so a stored page never
    records "no version" (which an evicted key would match again)."""
    versions = current(keys)
    missing = {PREFIX + key: _token() for key, value in versions.items() if value is None}
    if missing:
        cache.set_many(missing, timeout=None)
        versions.update({key[len(PREFIX) :]: token for key, token in missing.items()})
    return versions  # type: ignore[return-value]


def bump(keys: Iterable[str]) -> None:
    """Give each key (and the generation) a new version: pages that showed them are stale."""
    cache.set_many({PREFIX + key: _token() for key in {*keys, GENERATION}}, timeout=None)
