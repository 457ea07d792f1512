"""Stored copies of pages: where they are kept, when one may be served, and the answer made from
it. pagecache.views stores them; pagecache.middleware and pagecache.views serve them.

A copy is kept in the shared cache under its page's key, with the versions of everything the
page showed (pagecache.versions) and an id of its own. Beside it, a small key records the write
generation at which that copy was last found unchanged. Every write replaces the generation, so
while the two agree nothing has been written since and the copy is served without reading its
dependencies. After a write, the first hit compares each dependency's version once (a second
round trip) and records the generation it checked.

A hit is one round trip: the generation and that small key, plus the copy itself unless this
process already holds it (pagecache.local), read with `pagecache.shared.read` (with Redis, the
backend's `read_many`: a plain MGET). A copy this process holds and has itself found unchanged
at the current generation needs none: with Redis the process knows the generation without
asking while nothing is written (`pagecache.shared.watched`: Redis tells it when the key
changes), so until the next write such a hit is answered from memory, as with local memory.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags

from pagecache import fragments, local, release, schedule, shared, versions

# The version in the prefix is the copy's format: copies stored by older code are ignored.
PAGE_PREFIX = "pagecache:page:2:"
CHECKED_PREFIX = "pagecache:checked:"
# In a copy this process holds: the generation at which this process found it unchanged.
CHECKED_HERE = "checked_here"
# Headers a view sets that a stored copy must repeat (the sitemaps' X-Robots-Tag, for one).
# The embeds' providers, for the page's Content-Security-Policy (newsroom/csp.py).
KEPT_HEADERS = ("X-Robots-Tag", "Content-Language", "Last-Modified", "X-Embed-Providers")
# What patch_cache_control(public=True, max_age=0, must_revalidate=True, s_maxage=n) writes.
CACHE_CONTROL = "public, max-age=0, must-revalidate, s-maxage="


def location(request: HttpRequest) -> str:
    """What a copy is stored by: the host, the path and the query string as sent."""
    return f"{request.get_host()}{_path(request)}"


def held_location(request: HttpRequest) -> str:
    """`location()` for asking whether this process holds a copy, without validating the host
    (about 25 µs here, most of the cost of asking): a host that is not allowed has no copy, since
    `location()` refuses it when storing, and goes on to CommonMiddleware, which refuses it."""
    return f"{request._get_raw_host()}{_path(request)}"  # type: ignore[attr-defined]


def _path(request: HttpRequest) -> str:
    return f"{request.path}?{request.META.get('QUERY_STRING', '')}"


def keys_for(location: str) -> tuple[str, str]:
    """The shared cache's keys for a page: its copy, and the generation that copy was last found
    unchanged at. Each release of the code has its own (pagecache.release)."""
    digest = hashlib.md5(f"{release.mine()} {location}".encode(), usedforsecurity=False).hexdigest()
    return PAGE_PREFIX + digest, CHECKED_PREFIX + digest


def serve(request: HttpRequest, location: str, now: float) -> HttpResponse | None:
    """The answer from the stored copy of the page, or None when there is none that may be served:
    none stored, past its time (the next scheduled story, or the longest a page is kept) or
    showing something that has changed since."""
    page_key, checked_key = keys_for(location)
    entry, generation, checked = _lookup(location, page_key, checked_key, now)
    if (
        entry is None
        or entry["valid_until"] <= now
        or not _unchanged(entry, generation, checked, checked_key, now)
    ):
        local.forget(location)
        return None
    entry[CHECKED_HERE] = generation
    return answer(request, entry, now, generation)


def save(
    location: str,
    response: HttpResponse,
    shows: set[str],
    started,
    generation: int,
    fresh_within: int | None = None,
    changes_at: datetime | None = None,
) -> dict:
    """The copy of a page rendered from `started` on, showing `shows` (pagecache.versions keys).
    It is stored unless something was written since `generation`, read before the render: the
    versions read now, after it, are then the ones the page was rendered from. `fresh_within`:
    see pagecache.views.fresh_within; `changes_at`: pagecache.views.changes_at."""
    deps = versions.ensure([*shows, versions.GENERATION])
    unchanged = deps.pop(versions.GENERATION) == generation
    entry = _entry(response, deps, started, generation, fresh_within, changes_at)
    timeout = _seconds_left(entry, timezone.now().timestamp())
    if unchanged and timeout > 0:
        # It counts as checked at the generation it was rendered at.
        page_key, checked_key = keys_for(location)
        cache.set_many({page_key: entry, checked_key: (generation, entry["id"])}, timeout=timeout)
        local.keep(location, {**entry, CHECKED_HERE: generation})
    return entry


def answer(
    request: HttpRequest, entry: dict, now: float, generation: int | None = None
) -> HttpResponse:
    """The answer from a copy, with its parts (pagecache.fragments) as they are now: the
    ETag names them too. `generation`: the write generation the copy was checked at."""
    body, etag = entry["body"], entry["etag"]
    if entry.get("parts"):
        body, tags = fragments.splice(body, entry["parts"], generation, now)
        etag = f'{etag[:-1]}-{tags}"'
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    response: HttpResponse
    if if_none_match and _matches(if_none_match, etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=entry["content_type"], headers=entry["headers"])
    response.headers["ETag"] = etag
    # What CommonMiddleware adds to a rendered page; a held page is answered before it.
    response.headers["Content-Length"] = str(len(response.content))
    # Browsers revalidate every time (a cheap 304); a CDN may keep the page for a short while,
    # never past the next scheduled publication or expiry. The header is written whole: a
    # stored answer has no Cache-Control of its own to merge with.
    edge = max(0, min(settings.NEWSROOM_CDN_MAX_AGE, int(entry["valid_until"] - now)))
    response.headers["Cache-Control"] = f"{CACHE_CONTROL}{edge}"
    return response


def _lookup(
    location: str, page_key: str, checked_key: str, now: float
) -> tuple[dict | None, int | None, tuple | None]:
    """The stored copy, the current generation and the copy's last check, in one round trip. A
    live copy this process already holds is not fetched again, unless the check names another
    one (stored since by another process)."""
    entry = local.get(location)
    if entry is not None and entry["valid_until"] > now:
        generation = shared.watched(versions.GENERATION_KEY)
        if generation is not None and entry.get(CHECKED_HERE) == generation:
            # Nothing written since this process found it unchanged: no round trip.
            return entry, generation, (generation, entry["id"])
        generation, checked = shared.read([versions.GENERATION_KEY, checked_key])
        if checked is None or checked[1] == entry["id"]:
            return entry, generation, checked
    entry, generation, checked = shared.read([page_key, versions.GENERATION_KEY, checked_key])
    if entry is not None:
        local.keep(location, entry)
    return entry, generation, checked


def _unchanged(entry: dict, generation, checked, checked_key: str, now: float) -> bool:
    """Whether every dependency still has the version the page was rendered with.

    Every write replaces the generation, so when this copy was already found unchanged at the
    current generation (or stored at it), nothing has been written since. The check names the
    copy, so a copy stored by a render that started before a write is still compared.
    """
    if generation is not None and checked == (generation, entry["id"]):
        return True
    if versions.current(entry["deps"]) != entry["deps"]:
        return False
    if generation is not None:
        # The generation was read before the dependencies, and a write replaces it after them:
        # so the dependencies just read are at least as new as this generation.
        cache.set(checked_key, (generation, entry["id"]), timeout=_seconds_left(entry, now))
    return True


def _entry(
    response: HttpResponse,
    deps: dict[str, int],
    started,
    generation: int,
    fresh_within,
    changes_at: datetime | None = None,
) -> dict:
    # Measured from the start of the render, so a story due during it is not missed. A page that
    # takes new stories in within a bounded time is kept that long, and a story going live does
    # not end it.
    lifetime = settings.NEWSROOM_PAGE_CACHE_SECONDS if fresh_within is None else fresh_within
    valid_until = started.timestamp() + lifetime
    if fresh_within is None:
        moment = schedule.next_event(started, generation)
    else:
        # Not ended by a story it does not show leaving (pagecache.schedule.next_departure).
        moment = schedule.next_departure(started, generation, schedule.shown_stories(deps))
    # The page's own moment (pagecache.views.changes_at): a story it links to going live.
    for bound in (moment, changes_at):
        if bound is not None:
            valid_until = min(valid_until, bound.timestamp())
    body = response.content
    return {
        "id": versions.token(),
        "deps": deps,
        "valid_until": valid_until,
        "body": body,
        "content_type": response["Content-Type"],
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        "etag": f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"',
        # Where the page's parts go (pagecache.fragments): spliced in by answer().
        "parts": fragments.find(body),
    }


def _seconds_left(entry: dict, now: float) -> int:
    return math.ceil(entry["valid_until"] - now)


def _matches(if_none_match: str, etag: str) -> bool:
    # Weak comparison: GZipMiddleware weakens the ETag of a compressed answer (W/"...").
    etags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
    return etag in etags or "*" in etags
