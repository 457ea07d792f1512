"""Parts of a page that change on their own clock, spliced into the page each time it is answered.

A page that shows such a part (the most-read list) renders a marker in its place,
`marker(name)`, an HTML comment. The stored copy keeps the marker (and where it is); every
answer, from a stored copy or from a fresh render, replaces it with the part as it is now. So
the part can change every minute while the copy stays stored for the whole day, and no write
has to drop pages for it.

An app registers a part with `register(name, provider)` in its AppConfig.ready(). The provider is
called as `provider(generation, now)`, with the write generation the answer was checked at
(pagecache.versions; None when unknown) and the time, and returns a `Part`: the markup and a
short tag that changes with it, which goes into the page's ETag (so a browser holding the page
with an older list gets the new one, not a 304). The provider keeps its own copy and decides
when to make a new one; it is called on every answer, so it must be cheap while its copy holds.

A provider that fails leaves its place empty, logged: the page is still answered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Part:
    html: bytes
    tag: str


EMPTY = Part(b"", "")

Provider = Callable[[int | None, float], Part]

_providers: dict[str, Provider] = {}
_markers: dict[str, bytes] = {}


def marker(name: str) -> str:
    """What a template writes where the part goes."""
    return f"<!--part:{name}-->"


def register(name: str, provider: Provider) -> None:
    _providers[name] = provider
    _markers[name] = marker(name).encode()


def find(body: bytes) -> tuple[tuple[int, str], ...]:
    """Where the registered parts' markers are in a page, in order: (offset, name) each."""
    found = []
    for name, mark in _markers.items():
        offset = body.find(mark)
        if offset >= 0:
            found.append((offset, name))
    return tuple(sorted(found))


def splice(
    body: bytes, places: tuple[tuple[int, str], ...], generation: int | None, now: float
) -> tuple[bytes, str]:
    """The page with each part in place (`places` as `find()` gives them), and the parts' tags."""
    pieces: list[bytes] = []
    tags: list[str] = []
    start = 0
    for offset, name in places:
        part = _current(name, generation, now)
        pieces += [body[start:offset], part.html]
        tags.append(part.tag)
        start = offset + len(_markers[name])
    pieces.append(body[start:])
    return b"".join(pieces), "-".join(tags)


def _current(name: str, generation: int | None, now: float) -> Part:
    try:
        return _providers[name](generation, now)
    except Exception:
        logger.exception("Page part %r failed: its place is left empty", name)
        return EMPTY
