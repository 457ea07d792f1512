"""Named querysets for articles. `live()` is the only definition of what readers may see."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

if TYPE_CHECKING:
    from tags.models import Tag
    from writers.models import Writer


# The rows a story card needs joined to the story: renditions' URLs come from the Image row.
CARD_JOINS = ("section", "hero_image")

# A tag or writer with at least this many stories is "busy": its list is read by walking the
# newest-first visibility index and checking each story's tagging or byline (a few rows per
# story shown), rather than reading all its stories and sorting them. A quiet one is read
# whole, which is at most this many rows.
BUSY_LIST = 1000


def card_bylines() -> Prefetch:
    """The bylines a story card shows, with their writers, in byline order."""
    from articles.models import Byline

    return Prefetch("bylines", Byline.objects.select_related("writer").order_by("position", "pk"))


class ArticleQuerySet(models.QuerySet):
    def live(self, *, at: datetime | None = None) -> ArticleQuerySet:
        """Stories readers may see at `at` (default: now): published, due, and not expired.

        Every public page, list, related block and count goes through this method, so a
        scheduled story appears at its time with no background job, and an expired, withdrawn
        or unpublished one appears nowhere.
        """
        moment = at or timezone.now()
        return self.filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=moment),
            status=self.model.Status.PUBLISHED,
            publish_at__lte=moment,
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-publish_at", "-pk")

    def for_cards(self) -> ArticleQuerySet:
        """What a story card shows: section, hero image (joined: its renditions' URLs come from
        the row), and writers in byline order (two queries flat)."""
        return self.select_related(*CARD_JOINS).prefetch_related(card_bylines())

    def for_article_page(self) -> ArticleQuerySet:
        return self.for_cards().prefetch_related("tags", "corrections")

    def by_writer(self, writer: Writer, *, walk_index: bool = False) -> ArticleQuerySet:
        # A subquery, not a join, so a writer credited twice on a story lists it once.
        from articles.models import Byline

        return self._linked(Byline.objects.filter(writer=writer), "article", walk_index)

    def tagged(self, tag: Tag, *, walk_index: bool = False) -> ArticleQuerySet:
        from articles.models import TaggedArticle

        return self._linked(TaggedArticle.objects.filter(tag=tag), "content_object", walk_index)

    def _linked(self, links: models.QuerySet, field: str, walk_index: bool) -> ArticleQuerySet:
        if walk_index:
            return self.filter(Exists(links.filter(**{field: OuterRef("pk")})))
        return self.filter(pk__in=links.values(f"{field}_id"))


def is_busy(links: models.QuerySet) -> bool:
    """Whether a tag's taggings or a writer's bylines reach BUSY_LIST (one bounded query)."""
    return links[:BUSY_LIST].count() >= BUSY_LIST
