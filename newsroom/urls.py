"""Root URLs. Fixed prefixes come first; sections and articles take the remaining paths."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from core.views import favicon

urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("tags/", include("tags.urls")),
    path("writers/", include("writers.urls")),
    path("search/", include("search.urls")),
    path("api/ninjs/", include("ninjs.urls")),
    path("", include("feeds.urls")),
    path("preview/", include("workflow.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns += [
    path("", include("articles.urls")),
    path("", include("sections.urls")),
]
