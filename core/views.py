"""Site-wide answers that are not pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe

FAVICON_REDIRECT_MAX_AGE = 24 * 60 * 60


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """/favicon.ico, which browsers and feed readers ask for by name: a redirect to the icon's
    static file (content-hashed in production, so WhiteNoise serves it cached for a year).

    A temporary redirect cached for a day rather than a permanent one: a browser keeps a 301
    for good, and would go on asking for an old hashed name after the icon changes."""
    response = HttpResponseRedirect(static("favicon.ico"))
    response["Cache-Control"] = f"public, max-age={FAVICON_REDIRECT_MAX_AGE}"
    return response
