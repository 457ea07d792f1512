from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from articles.models import Article
from articles.selectors import front_page, more_from_writer, prefetch_cards, related_stories
from pagecache.views import depend, reader_cache


@reader_cache
def home(request: HttpRequest) -> HttpResponse:
    page = front_page()
    depend(request, "home")
    # Passing the sections here reuses them for the navigation (view context overrides the
    # context processor's lazy queryset), saving a query.
    return render(request, "articles/home.html", {"page": page, "nav_sections": page.sections})


@reader_cache
def article_detail(request: HttpRequest, section: str, slug: str, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.live().for_article_page(), pk=pk)
    if article.slug != slug or article.section.slug != section:
        # The id decides; an old headline slug or a moved section lands on the canonical URL.
        return redirect(article, permanent=True)
    related = related_stories(article)
    more = more_from_writer(article, exclude=related)
    prefetch_cards(related + more)
    # Related news follows the story's tags and its writer; a card shows another story.
    depend(
        request,
        *(f"article:{story.pk}" for story in [article, *related, *more]),
        *(f"tag:{tag.pk}" for tag in article.tags.all()),
        *(f"writer:{byline.writer_id}" for byline in article.byline_list),
    )
    context = {
        "article": article,
        "current_section": article.section,
        "related": related,
        "more_from_writer": more,
    }
    return render(request, "articles/article_detail.html", context)
