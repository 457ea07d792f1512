"""Named querysets for articles. `live()` is the only definition of what readers may see."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone

if TYPE_CHECKING:
    from tags.models import Tag
    from writers.models import Writer


# The rows a story card needs joined to the story: renditions' URLs come from the Image row.
CARD_JOINS = ("section", "hero_image")


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

    def by_writer(self, writer: Writer) -> ArticleQuerySet:
        # A subquery, not a join, so a writer credited twice on a story lists it once.
        from articles.models import Byline

        return self.filter(pk__in=Byline.objects.filter(writer=writer).values("article_id"))

    def tagged(self, tag: Tag) -> ArticleQuerySet:
        from articles.models import TaggedArticle

        return self.filter(pk__in=TaggedArticle.objects.filter(tag=tag).values("content_object_id"))
