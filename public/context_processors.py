from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, gettext_noop

from pagecache.views import depend
from public.frontpage import request_banner
from public.selectors import navigation

# The settings' default tagline, for the catalog (makemessages reads no settings).
DEFAULT_TAGLINE = gettext_noop("News from Vietnam, in English")


def newsroom(request: HttpRequest) -> dict:
    """Masthead and navigation for every page. The sections are read lazily: pages that do not
    show navigation (the 500 page, the admin) never query them.

    With Jinja2 (the public pages) a context processor's values override the view's, so a view
    that already has the sections (the home page) passes them as `nav_sections`, which
    base.html prefers to `navigation`."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        # In the edition's language when the catalog has the configured tagline (the default
        # one is: DEFAULT_TAGLINE); else as configured.
        "site_tagline": _translated(settings.NEWSROOM_SITE_TAGLINE),
        "navigation": SimpleLazyObject(navigation),
    }


def _translated(text: str) -> str:
    return gettext(text) if text else ""  # gettext("") is the catalog's header


def breaking(request: HttpRequest) -> dict:
    """The breaking-news banner on every public page (base.html), read when the page shows it
    (one query), at the request's moment. The page depends on every story marked breaking now,
    so a cached copy drops the banner when its story stops being live."""

    def read():
        found = request_banner(request)
        depend(request, *found.keys())
        return found.story

    return {"breaking": SimpleLazyObject(read)}
