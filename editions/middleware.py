"""Serve each request in its edition: the language (and so gettext, the URL prefix and
`reverse()`) is the edition's for the whole request.

Placed after the page cache's shortcut (a held page needs no edition: its copy is stored by host
and path, which name the edition) and before CommonMiddleware, whose slash redirects resolve the
path in the edition. The admin keeps its own language (staff/languages.py); so do the API and
the previews, which follow the story they show.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from editions import config

# Addresses that belong to no edition: the admin (the staff member's language), the ninjs API.
OUTSIDE = ("/api/",)


class EditionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.outside = (settings.NEWSROOM_ADMIN_PATH, *OUTSIDE)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(self.outside):
            return self.get_response(request)
        edition = config.for_request(request._get_raw_host(), path)  # type: ignore[attr-defined]
        request.edition = edition  # type: ignore[attr-defined]
        request.LANGUAGE_CODE = edition.code
        with translation.override(edition.code):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", edition.code)
        return response
