"""Feeds, sitemaps and robots.txt. Included at the root, before the section catch-all."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from feeds import feeds, views
from feeds.sitemaps import SITEMAPS

app_name = "feeds"
urlpatterns = [
    path("feeds/rss/", feeds.SiteFeed(), name="site-rss"),
    path("feeds/atom/", feeds.SiteAtomFeed(), name="site-atom"),
    path("feeds/sections/<slug:slug>/rss/", feeds.SectionFeed(), name="section-rss"),
    path("feeds/sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section-atom"),
    path("feeds/tags/<slug:slug>/rss/", feeds.TagFeed(), name="tag-rss"),
    path("feeds/tags/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag-atom"),
    path("feeds/writers/<slug:slug>/rss/", feeds.WriterFeed(), name="writer-rss"),
    path("feeds/writers/<slug:slug>/atom/", feeds.WriterAtomFeed(), name="writer-atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "feeds:sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-news.xml", views.news_sitemap, name="news-sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
