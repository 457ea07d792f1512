"""Answer a page this process holds a copy of (pagecache.local) before Django resolves its URL.

A copy is held only for an address whose view uses `@reader_cache` (the decorator stores or
fetches it), and it is served only after the same checks as there (pagecache.store.serve): the
request is an anonymous GET or HEAD, the copy is within its time, and nothing it shows has
changed. Anything else goes on to the URL resolver and the view, where `@reader_cache` finds,
checks or renders the page. So this is only a shortcut: without it, pages are served the same.

It sits right after the middleware that write every answer's headers (security, the
Content-Security-Policy, compression, X-Frame-Options) and WhiteNoise, and before the sessions,
CommonMiddleware, CSRF, the user, the admin's language, messages and django-axes: none of those
adds anything to an anonymous reader's page (a render of one touches no session and sets no
cookie, or it would not have been stored), so a held page skips them, and the URL resolver, and
is answered as its render was (tests/test_page_cache.py compares every header). The host was not
validated yet (CommonMiddleware does it): a copy is held only under a host that
`store.location()` validated when it was stored, so a host that is not allowed finds none and
goes on to be refused.
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
