"""The editorial state of a story, derived from its status and times."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from articles.models import Article

DRAFT = "draft"
IN_REVIEW = "in_review"
SCHEDULED = "scheduled"
LIVE = "live"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"

ALL_STATES = frozenset({DRAFT, IN_REVIEW, SCHEDULED, LIVE, EXPIRED, WITHDRAWN})
LABELS: dict[str, StrOrPromise] = {
    DRAFT: _("Draft"),
    IN_REVIEW: _("In review"),
    SCHEDULED: _("Scheduled"),
    LIVE: _("Live"),
    EXPIRED: _("Expired"),
    WITHDRAWN: _("Withdrawn"),
}

# The states that are a status of their own; the published ones depend on the clock.
UNPUBLISHED: dict[str, str] = {
    Article.Status.DRAFT: DRAFT,
    Article.Status.IN_REVIEW: IN_REVIEW,
    Article.Status.WITHDRAWN: WITHDRAWN,
}


def state_of(article: Article, *, at: datetime | None = None) -> str:
    """The story's state at `at` (default: now). For a published story it is the instance form
    of ArticleQuerySet.scheduled() / live() / expired(), which split the published stories; a
    status this module does not know raises ValueError rather than guessing."""
    moment = at or timezone.now()
    status = article.status
    if status == Article.Status.PUBLISHED:
        if article.is_live(at=moment):
            return LIVE
        if article.publish_at is not None and article.publish_at > moment:
            return SCHEDULED
        return EXPIRED
    if status in UNPUBLISHED:
        return UNPUBLISHED[status]
    raise ValueError(f"Unknown article status {status!r}: add its state to workflow/states.py.")


def state_label(article: Article, *, at: datetime | None = None) -> str:
    state = state_of(article, at=at)
    if state == SCHEDULED:
        local = timezone.localtime(article.publish_at)
        when = date_format(local, "d M H:i")
        return gettext("Scheduled for %(when)s") % {"when": when}
    return str(LABELS[state])
