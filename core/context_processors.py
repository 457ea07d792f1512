from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from sections.models import Section


def newsroom(request: HttpRequest) -> dict:
    """Masthead and navigation for every page. The queryset is lazy: pages that do not show
    navigation (the 500 page, the admin) never query it."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
        "nav_sections": Section.objects.in_navigation(),
    }
