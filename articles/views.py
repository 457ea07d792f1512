from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from articles.body import story_body, with_embeds
from articles.cards import attach_credits
from articles.selectors import front_page, live_story, more_from_writer, related_stories
from pagecache.views import depend, reader_cache

# Ids are 64-bit: a longer number in an address names no story.
MAX_ID = 2**63 - 1


@reader_cache
def home(request: HttpRequest) -> HttpResponse:
    page = front_page()
    depend(request, "home")
    # The view's sections serve the navigation too (base.html prefers `nav_sections` to the
    # context processor's `navigation`), saving a query.
    return render(request, "articles/home.html", {"page": page, "nav_sections": page.sections})


@reader_cache
def article_detail(request: HttpRequest, section: str, slug: str, pk: int) -> HttpResponse:
    if pk > MAX_ID:
        raise Http404("No such story.")
    article = live_story(pk)
    if article.slug != slug or article.section.slug != section:
        # The id decides; an old headline slug or a moved section lands on the canonical URL.
        return redirect(article, permanent=True)
    related = related_stories(article)
    more = more_from_writer(article, exclude=related)
    attach_credits(related + more)
    body = story_body(article.body)  # its pictures in one query, none without
    # Related news follows the story's tags and its writer; a card shows another story.
    depend(
        request,
        f"article:{article.pk}",
        *(f"article:{story.pk}" for story in related + more),
        *(f"tag:{tag.pk}" for tag in article.tag_list),
        *(f"writer:{byline.writer_id}" for byline in article.byline_list),
        *(f"image:{pk}" for pk in body.image_ids),
    )
    context = {
        "article": article,
        "current_section": article.section,
        "related": related,
        "more_from_writer": more,
        "body": body,
    }
    return with_embeds(render(request, "articles/article_detail.html", context), body)
