"""`@reader_cache`: serve anonymous readers a stored copy of a page while nothing it shows has
changed and no scheduled story is due; answer conditional GETs with 304.

Requests with a session cookie (editors, anyone logged in) and anything but GET or HEAD go to
the view; logged-in answers are marked `private, no-store` so no shared cache keeps them. Only
200 answers are stored.
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

from pagecache import schedule, versions

PAGE_PREFIX = "pagecache:page:"
GENERATION_KEY = versions.PREFIX + versions.GENERATION
# Headers a view sets that a stored copy must repeat (the sitemaps' X-Robots-Tag, for one).
KEPT_HEADERS = ("X-Robots-Tag", "Content-Language", "Last-Modified")


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


def _cached(request: HttpRequest, view, args, kwargs) -> HttpResponse:
    started = timezone.now()
    now = started.timestamp()
    key = (
        PAGE_PREFIX
        + hashlib.md5(
            f"{request.get_host()}{request.get_full_path()}".encode(), usedforsecurity=False
        ).hexdigest()
    )
    found = cache.get_many([key, GENERATION_KEY])
    entry = found.get(key)
    if entry and entry["valid_until"] > now and versions.current(entry["deps"]) == entry["deps"]:
        return _answer(request, entry, now)

    generation = found.get(GENERATION_KEY) or versions.ensure([versions.GENERATION])["gen"]
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
    timeout = math.ceil(entry["valid_until"] - timezone.now().timestamp())
    if unchanged and timeout > 0:
        # Nothing was written while the page rendered, so it shows what its versions say.
        cache.set(key, entry, timeout=timeout)
    return _answer(request, entry, now)


def _entry(response: HttpResponse, deps: dict[str, str], started, generation: str) -> dict:
    # Measured from the start of the render, so a story due during it is not missed.
    valid_until = started.timestamp() + settings.NEWSROOM_PAGE_CACHE_SECONDS
    moment = schedule.next_event(started, generation)
    if moment is not None:
        valid_until = min(valid_until, moment.timestamp())
    body = response.content
    return {
        "deps": deps,
        "valid_until": valid_until,
        "body": body,
        "content_type": response["Content-Type"],
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        "etag": f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"',
    }


def _answer(request: HttpRequest, entry: dict, now: float) -> HttpResponse:
    # Weak comparison: GZipMiddleware weakens the ETag of a compressed answer (W/"...").
    etags = {
        tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))
    }
    if entry["etag"] in etags or "*" in etags:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["body"], content_type=entry["content_type"])
        for name, value in entry.get("headers", {}).items():
            response[name] = value
    response["ETag"] = entry["etag"]
    # Browsers revalidate every time (a cheap 304); a CDN may keep the page for a short while,
    # never past the next scheduled publication or expiry.
    shared = max(0, min(settings.NEWSROOM_CDN_MAX_AGE, int(entry["valid_until"] - now)))
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True, s_maxage=shared)
    return response
