from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from frontpage.selectors import request_banner
from pagecache.views import depend


def breaking(request: HttpRequest) -> dict:
    """The breaking-news banner on every public page (base.html), read when the page shows it
    (one query), at the request's moment. The page depends on every story marked breaking now,
    so a cached copy drops the banner when its story stops being live."""

    def read():
        found = request_banner(request)
        depend(request, *found.keys())
        return found.story

    return {"breaking": SimpleLazyObject(read)}
