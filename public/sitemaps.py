"""sitemap.xml: an index over live stories (paged, with lastmod), sections, tags and writers.

Tags and writers are listed only when they have a live story: a tag page for unpublished
stories is a 404, and a crawler should not be sent to it.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from articles.models import Article, Byline, TaggedArticle
from sections.models import Section
from tags.models import Tag
from writers.models import Writer


class ArticleSitemap(Sitemap):
    limit = 1000

    def items(self):
        return (
            Article.objects.live()
            .select_related("section")
            .only("pk", "slug", "modified_at", "section__slug")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, item: Article):
        return item.modified_at

    def get_latest_lastmod(self):
        # One aggregate instead of the default walk over every story.
        return Article.objects.live().aggregate(latest=Max("modified_at"))["latest"]


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.order_by("position", "name")


class TagSitemap(Sitemap):
    limit = 5000

    def items(self):
        live = TaggedArticle.objects.filter(content_object__in=Article.objects.live())
        return Tag.objects.filter(pk__in=live.values("tag_id")).order_by("name", "pk")


class WriterSitemap(Sitemap):
    limit = 5000

    def items(self):
        live = Byline.objects.filter(article__in=Article.objects.live())
        return Writer.objects.filter(pk__in=live.values("writer_id")).order_by("sort_name", "pk")


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "writers": WriterSitemap,
}
