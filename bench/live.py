"""The live coverage page the benchmark measures (docs/live.md): a live story with 200 entries by
several writers, every 40th a key entry, every 7th with an embed, over the last 200 minutes.

Made once per benchmark database, on top of the seeded stories (a database seeded before live
coverage existed gets it on its next run); the same story each time: the newest live story that
has no editor's picks (the article page measures one that has).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from live.models import Coverage, Entry
from pagecache.signals import invalidate
from writers.models import Writer

ENTRIES = 200
EMBED = '<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>'


def live_story(exclude: int | None = None) -> Article:
    """The benchmark's live coverage story, with its entries (made if missing)."""
    existing = Coverage.objects.select_related("article__section").first()
    if existing is not None and existing.entries.count() == ENTRIES:
        return existing.article
    story = (
        Article.objects.live()
        .filter(related_links__isnull=True)
        .exclude(pk=exclude)
        .select_related("section")
        .newest_first()
        .first()
    )
    assert story is not None, "no live story to cover"
    Coverage.objects.filter(pk=story.pk).delete()
    now = timezone.now()
    coverage = Coverage.objects.create(article=story, started_at=now - timedelta(hours=4))
    writers = list(Writer.objects.order_by("pk")[:5])
    Entry.objects.bulk_create(
        Entry(
            coverage=coverage,
            writer=writers[i % len(writers)],
            body=f"<p>Update {i}: the storm moved west; crews cleared roads in ward {i % 12}.</p>"
            + (EMBED if i % 7 == 0 else ""),
            is_key=i % 40 == 0,
            publish_at=now - timedelta(minutes=ENTRIES - i),
        )
        for i in range(ENTRIES)
    )
    invalidate({f"article:{story.pk}"})  # bulk_create sends no signal
    return story
