"""What readers may see of live coverage: one method, `EntryQuerySet.visible()`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Exists, Expression, OuterRef
from django.utils import timezone

from articles.models import Article


class EntryQuerySet(models.QuerySet[Any]):
    def visible(self, *, at: datetime | Expression | None = None) -> EntryQuerySet:
        """Entries readers may see at `at` (default: now): due, not withdrawn, and of a story
        that is live at that moment (`ArticleQuerySet.live()`). A scheduled entry appears at
        its second with no job running; an entry of a draft, scheduled, expired or withdrawn
        story shows nowhere."""
        moment = at or timezone.now()
        live = Article.objects.live(at=moment).filter(pk=OuterRef("coverage_id"))
        return self.filter(Exists(live), withdrawn_at__isnull=True, publish_at__lte=moment)

    def scheduled(self, *, at: datetime | None = None) -> EntryQuerySet:
        """Entries still to appear: not withdrawn, publish_at after `at`."""
        moment = at or timezone.now()
        return self.filter(withdrawn_at__isnull=True, publish_at__gt=moment)

    def newest_first(self) -> EntryQuerySet:
        return self.order_by("-publish_at", "-pk")
