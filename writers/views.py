from __future__ import annotations

from django.db.models import SlugField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.selectors import writer_stories
from core.prepared import Param, PreparedQuery, one_or_404
from pagecache.views import depend, reader_cache
from writers.models import Writer

WRITER_BY_SLUG = PreparedQuery(
    lambda: Writer.objects.select_related("photo").filter(slug=Param("slug", SlugField()))
)


@reader_cache
def writer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    writer = one_or_404(WRITER_BY_SLUG, slug=slug)
    depend(request, f"writer:{writer.pk}")
    page = writer_stories(request, writer)
    return render(request, "writers/writer_detail.html", {"writer": writer, "page": page})
