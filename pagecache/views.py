"""`@reader_cache`: serve anonymous readers a stored copy of a page while nothing it shows has
changed and no scheduled story is due; answer conditional GETs with 304.

Requests with a session cookie (editors, anyone logged in) and anything but GET or HEAD go to
the view; logged-in answers are marked `private, no-store` so no shared cache keeps them. Only
200 answers are stored. How copies are stored, checked and served: pagecache.store. A page this
process already holds a copy of is usually answered earlier, before its URL is resolved
(pagecache.middleware).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from pagecache import fragments, renders, store, versions

# Work that must be done before a reader's page is read from the database, each `hook()`,
# registered by an app in its AppConfig.ready() with `before_render()`: the workflow publishes
# the scheduled updates whose second has come (workflow/updates.py). A copy served from the
# cache skips them: no copy outlives the next scheduled change (pagecache.schedule), so any copy
# served was rendered after that work.
_before_render: list[Callable[[], object]] = []


def before_render(hook: Callable[[], object]) -> None:
    if hook not in _before_render:
        _before_render.append(hook)


def _render(view, request: HttpRequest, args, kwargs) -> HttpResponse:
    for hook in _before_render:
        hook()
    return view(request, *args, **kwargs)


def depend(request: HttpRequest, *keys: str) -> None:
    """Record what the page being rendered shows (see pagecache.versions for the keys)."""
    deps = getattr(request, "_page_deps", None)
    if deps is not None:
        deps.update(keys)


def fresh_within(request: HttpRequest, seconds: int) -> None:
    """Say that the page being rendered may show a newly published story up to `seconds` late:
    the blocks of latest stories it picks by tag or writer (an article page's related news and
    "more from this writer"). Its keys then name only the stories it shows, not the tags and
    writers it picked them by, so a publication elsewhere leaves it stored; it is kept
    `seconds` (not NEWSROOM_PAGE_CACHE_SECONDS) and is not ended by a scheduled story going
    live. A story it shows that changes or leaves (withdrawn, expired) still ends it at once,
    as on every page."""
    if hasattr(request, "_page_deps"):
        request._page_fresh_within = seconds  # type: ignore[attr-defined]


def changes_at(request: HttpRequest, moment: datetime) -> None:
    """Say that the page being rendered changes by the clock at `moment`, whatever else it
    shows: a story it links to (an article page's other versions, public.selectors) goes
    live or leaves then. Its copy is not kept past it, even on a page that a scheduled story
    going live does not end (`fresh_within`)."""
    if hasattr(request, "_page_deps"):
        earlier = getattr(request, "_page_changes_at", None)
        first = moment if earlier is None else min(earlier, moment)
        request._page_changes_at = first  # type: ignore[attr-defined]


def reader_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if is_personal(request):
            response = with_parts(_render(view, request, args, kwargs))
            add_never_cache_headers(response)
            return response
        if not is_cacheable(request):
            return with_parts(_render(view, request, args, kwargs))
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


def with_parts(response: HttpResponse) -> HttpResponse:
    """A page answered without the cache, with its parts (pagecache.fragments) in place."""
    if response.status_code != 200 or response.streaming:
        return response
    # Before reading `content`: a TemplateResponse not rendered yet (the sitemaps) raises on it
    # (ContentNotRenderedError, which hasattr() does not catch). It has no parts.
    if not getattr(response, "is_rendered", True) or not hasattr(response, "content"):
        return response
    places = fragments.find(response.content)
    if places:
        generation = versions.current([versions.GENERATION])[versions.GENERATION]
        response.content, _ = fragments.splice(response.content, places, generation, time.time())
    return response


def is_personal(request: HttpRequest) -> bool:
    # The cookie, not request.user: checking the user would cost a session query on every hit.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def is_cacheable(request: HttpRequest) -> bool:
    """Whether the answer may come from (and go to) the page cache, if its view uses it."""
    return (
        request.method in {"GET", "HEAD"}
        and settings.NEWSROOM_PAGE_CACHE
        and not is_personal(request)
    )


def _cached(request: HttpRequest, view, args, kwargs) -> HttpResponse:
    location = store.location(request)
    response = store.serve(request, location, timezone.now().timestamp())
    if response is not None:
        return response
    # One render per missing page (pagecache.renders): wait for the request rendering it.
    token = renders.take(location)
    if token == 0:
        response = renders.wait(request, location)
        if response is not None:
            return response
    try:
        if token:
            # The copy may have been stored between the look above and taking the lock.
            response = store.serve(request, location, timezone.now().timestamp())
            if response is not None:
                return response
        return _render_and_store(request, view, args, kwargs, location)
    finally:
        if token:
            renders.release(location, token)


def _render_and_store(request: HttpRequest, view, args, kwargs, location: str) -> HttpResponse:
    """Render the page, and store its copy if it may be."""
    started = timezone.now()
    for hook in _before_render:  # before the generation is read: what they write is older
        hook()
    generation = versions.ensure([versions.GENERATION])[versions.GENERATION]
    request._page_deps = {"site"}  # type: ignore[attr-defined]
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()  # a TemplateResponse (the sitemap views): its content is stored
    if response.status_code != 200 or response.streaming or response.cookies:
        patch_cache_control(response, no_cache=True)
        return response
    # The page is in its edition's language (editions/middleware.py), and a held copy is
    # answered before that middleware runs: the copy carries the header itself.
    response.headers.setdefault("Content-Language", translation.get_language() or "")
    deps = request._page_deps  # type: ignore[attr-defined]
    within = getattr(request, "_page_fresh_within", None)
    until = getattr(request, "_page_changes_at", None)
    entry = store.save(location, response, deps, started, generation, within, until)
    return store.answer(request, entry, started.timestamp(), generation)
