from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from articles.models import Article

# Google News reads stories from the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


@require_GET
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """A Google News sitemap: live stories published in the last 48 hours."""
    now = timezone.now()
    stories = (
        Article.objects.live(at=now)
        .filter(publish_at__gte=now - NEWS_WINDOW)
        .select_related("section")
        .only("pk", "slug", "headline", "publish_at", "section__slug")
        .newest_first()[:NEWS_LIMIT]
    )
    context = {
        "stories": stories,
        "base": request.build_absolute_uri("/").rstrip("/"),
        "publication": settings.NEWSROOM_SITE_NAME,
        "language": settings.LANGUAGE_CODE,
    }
    return render(request, "feeds/news_sitemap.xml", context, content_type="application/xml")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('feeds:sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('feeds:news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
