"""Answer a page this process holds a copy of (pagecache.local) before Django resolves its URL.

A copy is held only for an address whose view uses `@reader_cache` (the decorator stores or
fetches it), and it is served only after the same checks as there (pagecache.store.serve): the
request is an anonymous GET or HEAD, the copy is within its time, and nothing it shows has
changed. Anything else goes on to the URL resolver and the view, where `@reader_cache` finds,
checks or renders the page. So this is only a shortcut: without it, pages are served the same.

It must be the last middleware, so every other middleware sees the request and the answer as
for a page its view returned.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from pagecache import local, store
from pagecache.views import is_cacheable


class HeldPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Cheapest first: most requests that reach here are for pages held, or for no page.
        location = store.held_location(request)
        if local.get(location) is not None and is_cacheable(request):
            response = store.serve(request, location, timezone.now().timestamp())
            if response is not None:
                return response
        return self.get_response(request)
