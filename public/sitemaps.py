"""sitemap.xml: an index over live stories (paged, with lastmod), sections, tags and writers,
in every edition (/sitemap.xml, /vi/sitemap.xml), each listing its own edition's addresses.

Stories are the edition's live stories. Sections are shared, so every edition lists them all
(at its own addresses). Tags and writers are listed only when they have a live story in the
edition: a tag page without one is a 404, and a crawler should not be sent to it.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from articles.models import Article, Byline, TaggedArticle
from articles.querysets import ArticleQuerySet
from editions import config as editions
from sections.models import Section
from tags.models import Tag
from writers.models import Writer


def live() -> ArticleQuerySet:
    """The live stories of the edition being served (the active language's)."""
    return Article.objects.live().filter(edition=editions.current().code)


class ArticleSitemap(Sitemap):
    limit = 1000

    def items(self):
        return (
            live()
            .select_related("section")
            .only("pk", "slug", "modified_at", "section__slug")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, item: Article):
        return item.modified_at

    def get_latest_lastmod(self):
        # One aggregate instead of the default walk over every story.
        return live().aggregate(latest=Max("modified_at"))["latest"]


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
