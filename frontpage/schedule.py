"""The next moment the front page or the banner changes by the clock alone: a layout's start, or
a breaking mark's start or end, or a story marked breaking going live on schedule. Registered
with pagecache.schedule, so no cached page outlives it. A pinned story going live, or any story
expiring, is the story's own moment, which the page cache already knows. A story going live
does not end an article page (it takes new stories in within a bounded time), but every page
shows the banner: so a marked story's scheduled publication is a moment of its own here. Two
queries, asked once per write (the page cache keeps the moment with the write generation)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Min, Q

from articles.models import Article
from frontpage.models import Breaking, Layout


def next_change(now: datetime) -> datetime | None:
    # Breaking marks are few (a handful a day): one pass gives their next moments, and
    # the first marked story due to go live.
    marks = Breaking.objects.aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)),
        end=Min("ends_at", filter=Q(ends_at__gt=now)),
        story=Min(
            "article__publish_at",
            filter=(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
            & Q(article__status=Article.Status.PUBLISHED, article__publish_at__gt=now),
        ),
    )
    layout = Layout.objects.filter(starts_at__gt=now).order_by("starts_at")
    firsts: list[datetime | None] = [
        layout.values_list("starts_at", flat=True).first(),
        marks["start"],
        marks["end"],
        marks["story"],
    ]
    moments = [moment for moment in firsts if moment is not None]
    return min(moments) if moments else None
