"""The reader's pages: each view is a selector call (public/selectors.py) and a render.

`show()` records the selection's page-cache keys and renders its context, so what a page depends
on is decided where it is read. Feeds (public/feeds.py) and sitemaps (public/sitemaps.py) are
Django's own syndication and sitemap views, wired in public/urls.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from articles.body import Body, with_embeds
from articles.models import Article
from core import embeds
from core.urls import reverse_in
from editions import config as editions
from editions.config import Edition
from editions.config import current as edition
from pagecache.views import changes_at, depend, fresh_within, reader_cache
from public import selectors
from public.selectors import Selection

# Ids are 64-bit: a longer number in an address names no story.
MAX_ID = 2**63 - 1


def show(request: HttpRequest, template: str, selection: Selection) -> HttpResponse:
    """Render a page from its selection, recording what it shows for the page cache."""
    depend(request, *selection.keys)
    if selection.fresh_within is not None:
        fresh_within(request, selection.fresh_within)
    if selection.changes_at is not None:
        changes_at(request, selection.changes_at)
    return render(request, template, selection.context)


@reader_cache
def home(request: HttpRequest) -> HttpResponse:
    return show(request, "articles/home.html", selectors.home_page(request))


@reader_cache
def article_detail(request: HttpRequest, section: str, slug: str, pk: int) -> HttpResponse:
    if pk > MAX_ID:
        raise Http404("No such story.")
    selection = selectors.article_page(
        pk, before=request.GET.get("before"), after=request.GET.get("after")
    )
    article = selection.context["article"]
    if article.slug != slug or article.section.slug != section or article.edition != edition().code:
        # The id decides; an old headline slug, a moved section or another edition's prefix
        # lands on the canonical URL.
        return redirect(article, permanent=True)
    response = show(request, "articles/article_detail.html", selection)
    live = selection.context["live"]
    if live is not None and live.is_first and not live.ended:
        # New entries arrive without a reload (live.js) and may embed any provider: the
        # page's policy allows the known ones, as a page embedding each would (newsroom/csp.py).
        response[embeds.EMBEDS_HEADER] = " ".join(sorted(embeds.PROVIDERS))
        return response
    # The page's embed providers, for its Content-Security-Policy (newsroom/csp.py).
    return with_embeds(response, _page_body(selection))


@reader_cache
def live_entries(request: HttpRequest, section: str, slug: str, pk: int) -> HttpResponse:
    """The newest entries of a live coverage story, as a fragment its page's script adds
    (live.js). One address per story, so every reader's poll is the same cached copy."""
    if pk > MAX_ID:
        raise Http404("No such story.")
    selection = selectors.entries_page(pk)
    response = show(request, "live/entries.html", selection)
    return with_embeds(response, _page_body(selection))


def _page_body(selection: Selection) -> Body:
    """Every picture and embed the page shows: the story's body and its live entries'."""
    bodies = [selection.context.get("body") or Body()]
    live = selection.context.get("live")
    if live is not None:
        bodies += live.bodies
    return Body([part for body in bodies for part in body.parts])


@reader_cache
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return show(request, "sections/section_detail.html", selectors.section_page(request, slug))


@reader_cache
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return show(request, "tags/tag_detail.html", selectors.tag_page(request, slug))


@reader_cache
def writer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return show(request, "writers/writer_detail.html", selectors.writer_page(request, slug))


@reader_cache
def search(request: HttpRequest) -> HttpResponse:
    return show(request, "search/search.html", selectors.search_page(request))


# Google News reads stories from the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


@require_GET
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """A Google News sitemap: the edition's live stories published in the last 48 hours. A
    story leaves it by the clock, at 48 hours: a cached copy is kept no later than the oldest
    story's (pagecache.views.changes_at)."""
    now = timezone.now()
    code = edition().code
    stories = list(
        Article.objects.live(at=now)
        .filter(edition=code, publish_at__gte=now - NEWS_WINDOW)
        .select_related("section")
        .only("pk", "slug", "headline", "publish_at", "section__slug")
        .newest_first()[:NEWS_LIMIT]
    )
    if stories:
        changes_at(request, stories[-1].publish_at + NEWS_WINDOW)
    context = {
        "stories": stories,
        "base": request.build_absolute_uri("/").rstrip("/"),
        "publication": settings.NEWSROOM_SITE_NAME,
        "language": code,
    }
    return render(request, "public/news_sitemap.xml", context, content_type="application/xml")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Keeps crawlers out of the admin and of the search pages served at this host, and names
    the sitemap index and news sitemap of every edition whose address is known here: the
    editions served at this host, and those at a host of their own (at that host). At an
    edition's own host, the editions of the site's own host are left to that host's robots.txt
    (no setting names it)."""
    host = request.get_host()
    every = editions.all_editions()
    here = [e for e in every if e.host == host] or [e for e in every if not e.host]
    listed = [e for e in every if e in here or e.host]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: {reverse_in(e.code, 'search:search')}" for e in here),
        "",
    ]
    for shown in listed:
        for name in ("feeds:sitemap", "feeds:news-sitemap"):
            lines.append(f"Sitemap: {_absolute(request, shown, reverse_in(shown.code, name))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _absolute(request: HttpRequest, shown: Edition, path: str) -> str:
    """An address of the edition `shown`: at its own host if it has one, else at this one."""
    if shown.host:
        return f"{request.scheme}://{shown.host}{path}"
    return request.build_absolute_uri(path)
