from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, TaggedArticle
from articles.querysets import is_busy
from core.pagination import paginate
from pagecache.views import depend, reader_cache
from tags.models import Tag


@reader_cache
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    depend(request, f"tag:{tag.pk}")
    busy = is_busy(TaggedArticle.objects.filter(tag=tag))
    stories = Article.objects.live().tagged(tag, walk_index=busy).for_cards().newest_first()
    page = paginate(request, stories, settings.NEWSROOM_PAGE_SIZE)
    if not page.object_list:
        # A tag used only on unpublished stories would give away what they are about.
        raise Http404("No published stories with this tag.")
    return render(request, "tags/tag_detail.html", {"tag": tag, "page": page})
