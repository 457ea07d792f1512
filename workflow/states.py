"""The editorial state of a story, derived from its status and times."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from articles.models import Article

DRAFT = "draft"
IN_REVIEW = "in_review"
SCHEDULED = "scheduled"
LIVE = "live"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"

ALL_STATES = frozenset({DRAFT, IN_REVIEW, SCHEDULED, LIVE, EXPIRED, WITHDRAWN})
LABELS = {
    DRAFT: "Draft",
    IN_REVIEW: "In review",
    SCHEDULED: "Scheduled",
    LIVE: "Live",
    EXPIRED: "Expired",
    WITHDRAWN: "Withdrawn",
}


def state_of(article: Article, *, at: datetime | None = None) -> str:
    """ "Scheduled" is a published story whose publish_at is still ahead; it agrees with
    Article.is_live() (and so with Article.objects.live()) on what is live."""
    moment = at or timezone.now()
    status = article.status
    if status != Article.Status.PUBLISHED:
        return {Article.Status.DRAFT: DRAFT, Article.Status.IN_REVIEW: IN_REVIEW}.get(
            status, WITHDRAWN
        )
    if article.publish_at is not None and article.publish_at > moment:
        return SCHEDULED
    return LIVE if article.is_live(at=moment) else EXPIRED


def state_label(article: Article, *, at: datetime | None = None) -> str:
    state = state_of(article, at=at)
    if state == SCHEDULED:
        local = timezone.localtime(article.publish_at)
        return f"Scheduled for {local:%d %b %H:%M}"
    return LABELS[state]
