"""`@reader_cache`: serve anonymous readers a stored copy of a page while nothing it shows has
changed and no scheduled story is due; answer conditional GETs with 304.

Requests with a session cookie (editors, anyone logged in) and anything but GET or HEAD go to
the view; logged-in answers are marked `private, no-store` so no shared cache keeps them. Only
200 answers are stored.

A hit costs one round trip to the cache: the write generation and the generation at which the
page's stored copy was last found unchanged (and the copy itself, unless this process already
holds it: pagecache.local). While the two agree nothing has been written since, so the page's
dependencies are not read at all; after a write the first hit reads them (a second round trip)
and records the generation it checked.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import parse_etags

from pagecache import local, schedule, versions

# The version in the prefix is the entry's format: entries stored by older code are ignored.
PAGE_PREFIX = "pagecache:page:2:"
CHECKED_PREFIX = "pagecache:checked:"
# Headers a view sets that a stored copy must repeat (the sitemaps' X-Robots-Tag, for one).
KEPT_HEADERS = ("X-Robots-Tag", "Content-Language", "Last-Modified")
# What patch_cache_control(public=True, max_age=0, must_revalidate=True, s_maxage=n) writes.
CACHE_CONTROL = "public, max-age=0, must-revalidate, s-maxage="


def depend(request: HttpRequest, *keys: str) -> None:
    """Record what the page being rendered shows (see pagecache.versions for the keys)."""
    deps = getattr(request, "_page_deps", None)
    if deps is not None:
        deps.update(keys)


def reader_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if _is_personal(request):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        if request.method not in {"GET", "HEAD"} or not settings.NEWSROOM_PAGE_CACHE:
            return view(request, *args, **kwargs)
        return _cached(request, view, args, kwargs)

    return wrapped


def reader_cache_for(*keys: str) -> Callable[[Callable[..., HttpResponse]], Callable]:
    """`@reader_cache` for a view whose dependencies are fixed, e.g. `("lists",)` for search,
    feeds and sitemaps, which show the latest stories of the whole site."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def with_deps(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            depend(request, *keys)
            return view(request, *args, **kwargs)

        return reader_cache(with_deps)

    return decorate


def _is_personal(request: HttpRequest) -> bool:
    # The cookie, not request.user: checking the user would cost a session query on every hit.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def keys_for(location: str) -> tuple[str, str]:
    """The cache keys of a page (`host` + full path): its stored copy, and the generation at
    which that copy was last found unchanged."""
    digest = hashlib.md5(location.encode(), usedforsecurity=False).hexdigest()
    return PAGE_PREFIX + digest, CHECKED_PREFIX + digest


def _cached(request: HttpRequest, view, args, kwargs) -> HttpResponse:
    started = timezone.now()
    now = started.timestamp()
    page_key, checked_key = keys_for(f"{request.get_host()}{request.get_full_path()}")
    entry, generation, checked = _lookup(page_key, checked_key, now)
    if (
        entry
        and entry["valid_until"] > now
        and _unchanged(entry, generation, checked, checked_key, now)
    ):
        return _answer(request, entry, now)

    if generation is None:
        generation = versions.ensure([versions.GENERATION])[versions.GENERATION]
    request._page_deps = {"site"}
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()  # a TemplateResponse (the sitemap views): its content is stored
    if response.status_code != 200 or response.streaming or response.cookies:
        patch_cache_control(response, no_cache=True)
        return response
    deps = versions.ensure([*request._page_deps, versions.GENERATION])
    unchanged = deps.pop(versions.GENERATION) == generation
    entry = _entry(response, deps, started, generation)
    timeout = _seconds_left(entry, timezone.now().timestamp())
    if unchanged and timeout > 0:
        # Nothing was written while the page rendered, so it shows what its versions say, and
        # it counts as checked at the generation it was rendered at.
        cache.set_many({page_key: entry, checked_key: (generation, entry["id"])}, timeout=timeout)
        local.keep(page_key, entry)
    return _answer(request, entry, now)


def _lookup(
    page_key: str, checked_key: str, now: float
) -> tuple[dict | None, int | None, tuple | None]:
    """The stored copy of a page, the current generation and the page's last check, in one round
    trip. A live copy this process already holds is not fetched again, unless the check names
    another one (stored since by another process)."""
    entry = local.get(page_key)
    if entry is not None and entry["valid_until"] > now:
        found = cache.get_many([versions.GENERATION_KEY, checked_key])
        checked = found.get(checked_key)
        if checked is None or checked[1] == entry["id"]:
            return entry, found.get(versions.GENERATION_KEY), checked
    found = cache.get_many([page_key, versions.GENERATION_KEY, checked_key])
    entry = found.get(page_key)
    if entry is None:
        local.forget(page_key)
    else:
        local.keep(page_key, entry)
    return entry, found.get(versions.GENERATION_KEY), found.get(checked_key)


def _unchanged(entry: dict, generation, checked, checked_key: str, now: float) -> bool:
    """Whether every dependency still has the version the page was rendered with.

    Every write replaces the generation, so when this entry was already found unchanged at the
    current generation (or stored at it), nothing has been written since. The check names the
    entry, so a copy stored by a render that started before a write is still checked.
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


def _entry(response: HttpResponse, deps: dict[str, int], started, generation: int) -> dict:
    # Measured from the start of the render, so a story due during it is not missed.
    valid_until = started.timestamp() + settings.NEWSROOM_PAGE_CACHE_SECONDS
    moment = schedule.next_event(started, generation)
    if moment is not None:
        valid_until = min(valid_until, moment.timestamp())
    body = response.content
    return {
        "id": versions.token(),
        "deps": deps,
        "valid_until": valid_until,
        "body": body,
        "content_type": response["Content-Type"],
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        "etag": f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"',
    }


def _seconds_left(entry: dict, now: float) -> int:
    return math.ceil(entry["valid_until"] - now)


def _answer(request: HttpRequest, entry: dict, now: float) -> HttpResponse:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match and _matches(if_none_match, entry["etag"]):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(
            entry["body"], content_type=entry["content_type"], headers=entry["headers"]
        )
    response.headers["ETag"] = entry["etag"]
    # Browsers revalidate every time (a cheap 304); a CDN may keep the page for a short while,
    # never past the next scheduled publication or expiry. The header is written whole: a
    # stored answer has no Cache-Control of its own to merge with.
    shared = max(0, min(settings.NEWSROOM_CDN_MAX_AGE, int(entry["valid_until"] - now)))
    response.headers["Cache-Control"] = f"{CACHE_CONTROL}{shared}"
    return response


def _matches(if_none_match: str, etag: str) -> bool:
    # Weak comparison: GZipMiddleware weakens the ETag of a compressed answer (W/"...").
    etags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
    return etag in etags or "*" in etags
