"""Previews of reader pages for the newsroom: the home page as readers will see it at a chosen
moment (the layouts and breaking marks saved now, and the stories live then).

Editors open it from the front page's admin screens (frontpage/admin.py links to it by name);
it is never cached and never indexed. Story previews live with the workflow (workflow/views.py).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from editions import config as editions
from public.frontpage import banner
from public.selectors import front_page

# Who may arrange the front page may preview it (the Editors group; frontpage/migrations/0002).
PERMISSION = "frontpage.view_layout"


@never_cache
def front_page_preview(request: HttpRequest) -> HttpResponse:
    """The home page at `?at=` (the newsroom's local time; now without it)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    at = moment(request.GET.get("at", ""))
    if at is None:
        if request.GET.get("at"):
            messages.error(request, gettext("That is not a date and time: showing the page now."))
        at = timezone.now()
    # The edition of the address (/vi/preview/front-page/), or one named by `?edition=`.
    chosen = editions.find(request.GET.get("edition")) or editions.current()
    page = front_page(at=at, edition=chosen.code)
    context = {
        "page": page,
        "nav_sections": page.sections,
        "preview": True,
        "banner_preview": True,
        "banner_story": banner(at, edition=chosen.code).story,
        "preview_at": at,
    }
    with translation.override(chosen.code):  # its language and addresses
        response = render(request, "articles/home.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def moment(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
