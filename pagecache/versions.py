"""Dependency versions: one random token per thing a page shows.

A cached page stores the versions of its dependencies at render time; it is served only while
all of them are unchanged. A write bumps (replaces) the versions of what it touches. Keys:

- `site`: every page (navigation, writer and tag names on cards); sections, writers, tags.
- `home:<edition>`: an edition's home page (`home:en`, `home:vi`); `lists`: every list of the
  latest stories (feeds, sitemaps, search).
- `article:<id>` (a story's page, and every page showing it on a card), `section:<id>:<edition>`,
  `tag:<id>:<edition>`, `writer:<id>:<edition>` (their lists in an edition: a story published in
  one edition leaves the other's home and lists stored, `per_edition()`); `fronts:<edition>`
  (an edition's front page layouts); `image:<id>` for a picture in a story's body. An article
  page does not depend on its tags and writers: new stories reach its related blocks within a
  bound instead (pagecache.views.fresh_within).
- `gen`: bumped with every write, so a page rendered while a write happened is not stored, and a
  page checked against its dependencies at one generation need not be checked again until the
  next write (pagecache.views).

Tokens are integers: Django's Redis backend stores an int as plain digits and reads it back with
`int()`, without pickling.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.cache import cache

from editions import config as editions
from pagecache import shared

PREFIX = "pagecache:v:"
GENERATION = "gen"
GENERATION_KEY = PREFIX + GENERATION


def per_edition(*names: str, codes: Iterable[str] | None = None) -> set[str]:
    """Each name in each edition of `codes` (default: every edition): `home:vi`,
    `section:3:vi`."""
    chosen = [edition.code for edition in editions.all_editions()] if codes is None else codes
    return {f"{name}:{code}" for name in names for code in chosen}


def token() -> int:
    return secrets.randbits(63)


def current(keys: Iterable[str]) -> dict[str, int | None]:
    """The current version of each key (None when it has none, e.g. evicted)."""
    keys = list(keys)
    return dict(zip(keys, shared.read([PREFIX + key for key in keys]), strict=True))


def ensure(keys: Iterable[str]) -> dict[str, int]:
    """The current versions, giving a version to any key that has none, so a stored page never
    records "no version" (which an evicted key would match again)."""
    versions = current(keys)
    missing = {PREFIX + key: token() for key, value in versions.items() if value is None}
    if missing:
        cache.set_many(missing, timeout=None)
        versions.update({key[len(PREFIX) :]: value for key, value in missing.items()})
    return versions  # type: ignore[return-value]


def bump(keys: Iterable[str]) -> None:
    """Give each key (and the generation) a new version: pages that showed them are stale.

    The generation is replaced before the keys and again after them. Redis writes them all at
    once (MSET); a cache that writes one key at a time (local memory, with threads) then still
    never shows a reader the final generation beside an old key (so a page checked at that
    generation was checked against the new versions), nor a renderer a new key beside the
    generation its render started at (so a page rendered from old rows is not stored).
    """
    cache.set_many(
        {GENERATION_KEY: token(), **{PREFIX + key: token() for key in set(keys)}}, timeout=None
    )
    cache.set(GENERATION_KEY, token(), timeout=None)
