"""sitemap.xml: an index over live stories (paged, with lastmod), sections, tags and writers,
in every edition (/sitemap.xml, /vi/sitemap.xml), each listing its own edition's addresses.

Stories are the edition's live stories. Sections are shared, so every edition lists them all
(at its own addresses). Tags and writers are listed only when they have a live story in the
edition: a tag page without one is a 404, and a crawler should not be sent to it. A story whose
other versions are live lists them (and itself) as hreflang alternates, read in the page's one
query.
"""

from __future__ import annotations

import re

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from articles.models import Article, Byline, TaggedArticle
from articles.querysets import ArticleQuerySet
from articles.versions import Version, live_versions_json, versions_from
from editions import config as editions
from sections.models import Section
from tags.models import Tag
from writers.models import Writer


def live() -> ArticleQuerySet:
    """The live stories of the edition being served (the active language's)."""
    return Article.objects.live().in_edition()


class ArticleSitemap(Sitemap):
    limit = 1000

    def items(self):
        return (
            live()
            .select_related("section")
            .only("pk", "slug", "modified_at", "section__slug", "edition")
            .order_by("-publish_at", "-pk")
            # Each story's live other versions, in its own row (articles.versions).
            .annotate(versions_json=live_versions_json(timezone.now()))
        )

    def get_urls(self, page=1, site=None, protocol=None):
        """Each story with its live other versions as <xhtml:link rel="alternate" hreflang>,
        itself included (what its page's <head> says), at each version's edition's address."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            story = url["item"]
            versions = versions_from(story.versions_json)
            if versions:
                origin = ORIGIN.match(url["location"])[0]  # type: ignore[index]
                url["alternates"] = [{"lang_code": story.edition, "location": url["location"]}]
                url["alternates"] += [
                    {"lang_code": v.language, "location": _address(origin, v)} for v in versions
                ]
        return urls

    def lastmod(self, item: Article):
        return item.modified_at

    def get_latest_lastmod(self):
        # One aggregate instead of the default walk over every story.
        return live().aggregate(latest=Max("modified_at"))["latest"]


# The scheme and host of an address.
ORIGIN = re.compile(r"^[a-z]+://[^/]+")


def _address(origin: str, version: Version) -> str:
    """A version's address: at its edition's own host if it has one, else on the sitemap's."""
    edition = editions.find(version.edition)
    if edition is not None and edition.host:
        origin = f"{origin.split('://')[0]}://{edition.host}"
    return origin + version.url


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.order_by("position", "name")


class TagSitemap(Sitemap):
    limit = 5000

    def items(self):
        links = TaggedArticle.objects.filter(content_object__in=live())
        return Tag.objects.filter(pk__in=links.values("tag_id")).order_by("name", "pk")


class WriterSitemap(Sitemap):
    limit = 5000

    def items(self):
        links = Byline.objects.filter(article__in=live())
        return Writer.objects.filter(pk__in=links.values("writer_id")).order_by("sort_name", "pk")


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "writers": WriterSitemap,
}
