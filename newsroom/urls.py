"""Root URLs. Fixed prefixes come first; the reader's pages (public/urls.py) take the rest."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from core.views import favicon
from editions.urls import edition_patterns

urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("api/ninjs/", include("ninjs.urls")),
    path("preview/", include("workflow.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

# The reader's pages, in every edition (editions/urls.py).
urlpatterns += edition_patterns(path("", include("public.urls")))
