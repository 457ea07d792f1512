"""The site's URLs plus the framework floor: a trivial view returning N bytes, served by the same
Django, middleware and gunicorn as the pages. Mounted only by bench.settings."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

MAX_FLOOR_BYTES = 2_000_000


def floor(request: HttpRequest, size: int) -> HttpResponse:
    return HttpResponse(b"x" * min(size, MAX_FLOOR_BYTES), content_type="text/html; charset=utf-8")


# The site's patterns themselves, not include()d: the reader's pages are under each edition's
# prefix (editions/urls.py), which Django allows only in a root URLconf.
urlpatterns = [
    path("__bench__/floor/<int:size>/", floor, name="bench-floor"),
    *site_urlpatterns,
]
