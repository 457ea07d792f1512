"""The admin's language: English or Vietnamese (settings.LANGUAGES), for each staff member.

A signed-in staff member's choice ("My settings") wins; without one, the browser's
Accept-Language header decides (or Django's language cookie, if something set it), then
LANGUAGE_CODE. Only addresses under NEWSROOM_ADMIN_PATH change language: readers' pages stay in
LANGUAGE_CODE whatever the browser asks, because the page cache (pagecache/) keeps one copy per
address and must not vary by header. Emails are written in their recipient's language
(`language_for`), chosen or LANGUAGE_CODE: a worker has no browser to ask.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from staff.models import settings_for


def chosen_language(user) -> str:
    """The language `user` chose in "My settings", or "" (the browser's)."""
    language = _stored_choice(user)
    return language if language in _supported() else ""


def language_for(user) -> str:
    """The language to write to `user` in when no browser is there to ask (emails)."""
    return chosen_language(user) or settings.LANGUAGE_CODE


def admin_language(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        _remember_settings(user)
        chosen = chosen_language(user)
        if chosen:
            return chosen
    return translation.get_language_from_request(request)


class AdminLanguageMiddleware:
    """Admin pages (and the admin's JavaScript catalog) in the staff member's language.

    After the authentication middleware (it reads the user) and before the messages middleware,
    so messages written lazily are stored in the same language as the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = settings.NEWSROOM_ADMIN_PATH

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        language = admin_language(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response


def _stored_choice(user) -> str:
    return settings_for(user).language or ""


def _remember_settings(user) -> None:
    """Keep the staff member's settings row on the request's user for the rest of the request
    (staff.models.settings_for reads it from there): one query for the language and the page."""
    user._staff_settings = settings_for(user)


def _supported() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}
