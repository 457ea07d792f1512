"""Feeds, sitemaps and robots.txt. Included at the root, before the section catch-all."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from feeds import feeds, views
from feeds.sitemaps import SITEMAPS
from pagecache.views import reader_cache_for

# Feeds and sitemaps list the latest stories of the whole site: any published change refreshes
# them (pagecache.versions, "lists"), and none outlives the next scheduled story.
lists = reader_cache_for("lists")

app_name = "feeds"
urlpatterns = [
    path("feeds/rss/", lists(feeds.SiteFeed()), name="site-rss"),
    path("feeds/atom/", lists(feeds.SiteAtomFeed()), name="site-atom"),
    path("feeds/sections/<slug:slug>/rss/", lists(feeds.SectionFeed()), name="section-rss"),
    path("feeds/sections/<slug:slug>/atom/", lists(feeds.SectionAtomFeed()), name="section-atom"),
    path("feeds/tags/<slug:slug>/rss/", lists(feeds.TagFeed()), name="tag-rss"),
    path("feeds/tags/<slug:slug>/atom/", lists(feeds.TagAtomFeed()), name="tag-atom"),
    path("feeds/writers/<slug:slug>/rss/", lists(feeds.WriterFeed()), name="writer-rss"),
    path("feeds/writers/<slug:slug>/atom/", lists(feeds.WriterAtomFeed()), name="writer-atom"),
    path(
        "sitemap.xml",
        lists(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "feeds:sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-news.xml", lists(views.news_sitemap), name="news-sitemap"),
    path(
        "sitemap-<section>.xml",
        lists(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
