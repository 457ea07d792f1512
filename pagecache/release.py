"""The code a stored page was rendered by: a deploy ends every stored copy.

A page shows the markup of its templates, its static files' hashed addresses and the interface
strings of the code that rendered it, which no write to the database changes, and a copy in the
shared cache outlives the processes that stored it. So the code has a fingerprint (`mine()`: a
hash of the project's code, templates, static files and message catalogs, the same on every
server running the same release), and the shared cache records the fingerprint of the last
process that started (`KEY`):

- A process's first request to the page cache (`claim()`, from pagecache.views) records its
  fingerprint, and when the one recorded differs (another release ran before it) bumps `site`,
  which every page depends on: no copy rendered by other code is served after a deploy. A
  process of the same release (a worker restarted, another server) changes nothing.
- A process whose fingerprint is no longer the one recorded (an old worker still running during
  a rolling restart) renders pages but stores none (`current()`), so it cannot store old markup
  after the new release's bump.

Until 2026-12-07 nothing did this: a page rendered by the previous release was served until its
bound, five minutes for lists then (an hour for archive story pages); with the bounds of an hour
and three hours (docs/performance.md, "A news day") that would have been too long.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as shared_cache

from pagecache import shared, versions

KEY = "pagecache:release"
# What the code a page is rendered by is made of, below the project's folder.
SUFFIXES = (".py", ".html", ".xml", ".txt", ".po", ".css", ".js", ".svg", ".json")
SKIPPED = {"bench", "docs", "node_modules", "tests", "var", "__pycache__"}

_claimed = False


@cache
def mine() -> str:
    """This process's code's fingerprint: read once (355 files, 16 ms of CPU here, 2026-12-07)."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder, children, files in os.walk(root):
        children[:] = sorted(c for c in children if c not in SKIPPED and not c.startswith("."))
        for name in sorted(files):
            if name.endswith(SUFFIXES):
                path = Path(folder, name)
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def claim() -> None:
    """Once per process, before it serves a stored copy: record this release as the current
    one, ending every copy when another was."""
    global _claimed
    if _claimed:
        return
    if shared.read([KEY])[0] != mine():
        shared_cache.set(KEY, mine(), timeout=None)
        versions.bump({"site"})
    # Asked again until the cache has it (Redis away answers as an empty cache, and forgets).
    _claimed = shared.read([KEY])[0] == mine()


def current() -> bool:
    """Whether this process runs the release the shared cache records (one read): a copy it
    renders may be stored. No release recorded (the cache was emptied): it records its own."""
    recorded = shared.read([KEY])[0]
    if recorded is None:
        return shared_cache.add(KEY, mine(), timeout=None) or shared.read([KEY])[0] == mine()
    return recorded == mine()


def forget() -> None:
    """As a new process would be (the tests)."""
    global _claimed
    _claimed = False
