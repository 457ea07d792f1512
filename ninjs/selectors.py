"""The stories the ninjs API serves: live ones only, ordered for incremental sync."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.db.models.functions import Greatest
from django.utils import timezone

from articles.models import Article
from articles.querysets import CARD_JOINS, ArticleQuerySet, card_bylines
from articles.versions import live_versions_json


def api_articles() -> ArticleQuerySet:
    """Live stories with what the ninjs mapping reads, each with `changed_at`: the later of its
    last edit and its publication time, so a scheduled story that goes live counts as a change
    even though nobody saved it at that minute; and its other versions live now, as JSON
    (articles.versions), in its own row."""
    now = timezone.now()
    return (
        Article.objects.live(at=now)
        .select_related(*CARD_JOINS)
        .prefetch_related(card_bylines(), "tags")
        .annotate(
            changed_at=Greatest("modified_at", "publish_at"),
            versions_json=live_versions_json(now),
        )
    )


def changed_since(
    articles: ArticleQuerySet, *, since: datetime | None, after: tuple[datetime, int] | None
) -> ArticleQuerySet:
    """Stories changed at or after `since`, past the cursor `after` (changed_at, pk), oldest
    change first with the id as tie-break: a stable order for paging through a sync."""
    if since is not None:
        articles = articles.filter(changed_at__gte=since)
    if after is not None:
        moment, pk = after
        articles = articles.filter(Q(changed_at__gt=moment) | Q(changed_at=moment, pk__gt=pk))
    return articles.order_by("changed_at", "pk")
