from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from public.selectors import navigation


def newsroom(request: HttpRequest) -> dict:
    """Masthead and navigation for every page. The sections are read lazily: pages that do not
    show navigation (the 500 page, the admin) never query them.

    With Jinja2 (the public pages) a context processor's values override the view's, so a view
    that already has the sections (the home page) passes them as `nav_sections`, which
    base.html prefers to `navigation`."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
        "navigation": SimpleLazyObject(navigation),
    }
