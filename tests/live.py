"""Live coverage fixtures for the tests: a live story told in entries, and a helper to post."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from live.models import Coverage, Entry
from tests.factories import ArticleFactory, WriterFactory


def cover(article, **kwargs) -> Coverage:
    """Make `article` live coverage, started an hour before its publication (or now)."""
    kwargs.setdefault("started_at", (article.publish_at or timezone.now()) - timedelta(hours=1))
    return Coverage.objects.create(article=article, **kwargs)


def entry(coverage: Coverage, text: str = "Rain is heavier now.", *, ago=None, ahead=None, **kw):
    """An entry, published `ago` (a timedelta, default a minute) or scheduled `ahead`."""
    now = timezone.now()
    when = now + ahead if ahead is not None else now - (ago or timedelta(minutes=1))
    kw.setdefault("writer", coverage.article.writers.first() or WriterFactory())
    return Entry.objects.create(coverage=coverage, body=f"<p>{text}</p>", publish_at=when, **kw)


def live_story(**kwargs):
    """A live story in live coverage, with one writer."""
    kwargs.setdefault("writers", [WriterFactory(name="Lê Văn Bão")])
    kwargs.setdefault("headline", "Storm No. 15 nears the coast")
    story = ArticleFactory(live=True, **kwargs)
    return story, cover(story)
