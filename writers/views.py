from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Byline
from articles.querysets import is_busy
from core.pagination import paginate
from pagecache.views import depend, reader_cache
from writers.models import Writer


@reader_cache
def writer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    writer = get_object_or_404(Writer.objects.select_related("photo"), slug=slug)
    depend(request, f"writer:{writer.pk}")
    busy = is_busy(Byline.objects.filter(writer=writer))
    stories = Article.objects.live().by_writer(writer, walk_index=busy).for_cards().newest_first()
    page = paginate(request, stories, settings.NEWSROOM_PAGE_SIZE)
    return render(request, "writers/writer_detail.html", {"writer": writer, "page": page})
