from __future__ import annotations

from django.db.models import SlugField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from articles.selectors import tag_stories
from core.prepared import Param, PreparedQuery, one_or_404
from pagecache.views import depend, reader_cache
from tags.models import Tag

TAG_BY_SLUG = PreparedQuery(lambda: Tag.objects.filter(slug=Param("slug", SlugField())))


@reader_cache
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = one_or_404(TAG_BY_SLUG, slug=slug)
    depend(request, f"tag:{tag.pk}")
    page = tag_stories(request, tag)
    if not page.object_list:
        # A tag used only on unpublished stories would give away what they are about.
        raise Http404("No published stories with this tag.")
    return render(request, "tags/tag_detail.html", {"tag": tag, "page": page})
