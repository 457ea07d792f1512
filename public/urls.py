"""Every address a reader can visit, in the order Django tries them: fixed prefixes first, then
the home page and stories, and last the section catch-all (`/<section>/`), which would otherwise
swallow `/tags/` and the rest. newsroom/urls.py includes this after the admin, the API and
previews.

The namespaces are the address's kind (`articles:detail`, `sections:detail`, `feeds:site-rss`),
so templates and models name an address by what it shows.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from pagecache.views import reader_cache_for
from public import beacon, feeds, previews, views
from public.sitemaps import SITEMAPS

# Feeds and sitemaps list the latest stories of the whole site: any published change refreshes
# them (pagecache.versions, "lists"), and none outlives the next scheduled story.
lists = reader_cache_for("lists")

feed_urls = [
    path("feeds/rss/", lists(feeds.SiteFeed()), name="site-rss"),
    path("feeds/atom/", lists(feeds.SiteAtomFeed()), name="site-atom"),
    path("feeds/sections/<slug:slug>/rss/", lists(feeds.SectionFeed()), name="section-rss"),
    path("feeds/sections/<slug:slug>/atom/", lists(feeds.SectionAtomFeed()), name="section-atom"),
    path("feeds/tags/<slug:slug>/rss/", lists(feeds.TagFeed()), name="tag-rss"),
    path("feeds/tags/<slug:slug>/atom/", lists(feeds.TagAtomFeed()), name="tag-atom"),
    path("feeds/writers/<slug:slug>/rss/", lists(feeds.WriterFeed()), name="writer-rss"),
    path("feeds/writers/<slug:slug>/atom/", lists(feeds.WriterAtomFeed()), name="writer-atom"),
    # A live coverage story's entries: its page's keys, not every list's (feeds.EntryFeed).
    path("feeds/live/<int:pk>/rss/", feeds.EntryFeed.view(), name="live-rss"),
    path("feeds/live/<int:pk>/atom/", feeds.EntryAtomFeed.view(), name="live-atom"),
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

article_urls = [
    path("", views.home, name="home"),
    path("<slug:section>/<slug:slug>-<int:pk>/", views.article_detail, name="detail"),
    path("<slug:section>/<slug:slug>-<int:pk>/entries/", views.live_entries, name="live-entries"),
]

urlpatterns = [
    # Never cached; editors only (public/previews.py).
    path(
        "preview/front-page/",
        include(([path("", previews.front_page_preview, name="front-page")], "previews")),
    ),
    path("tags/<slug:slug>/", include(([path("", views.tag_detail, name="detail")], "tags"))),
    path(
        "writers/<slug:slug>/",
        include(([path("", views.writer_detail, name="detail")], "writers")),
    ),
    path("search/", include(([path("", views.search, name="search")], "search"))),
    path("most-read/read/", include(([path("", beacon.read, name="beacon")], "most_read"))),
    path("", include((feed_urls, "feeds"))),
    path("", include((article_urls, "articles"))),
    path("<slug:slug>/", include(([path("", views.section_detail, name="detail")], "sections"))),
]
