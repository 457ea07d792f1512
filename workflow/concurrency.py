"""No lost edits: optimistic concurrency on the story's version, and soft edit locks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from articles.models import Article
from workflow.models import EditLock
from workflow.revisions import latest_version
from workflow.roles import User


@dataclass
class Conflict:
    current_version: int
    saved_by: str
    saved_at: datetime | None

    def message(self) -> str:
        when = f" at {timezone.localtime(self.saved_at):%H:%M on %d %b}" if self.saved_at else ""
        return (
            f"{self.saved_by} saved this story{when}, after you opened it. Your version is "
            "still in the form below: open the story in another tab to compare, bring their "
            "changes into yours, then save again (that save will replace theirs)."
        )


def check_version(article_pk: int, expected: int | None) -> Conflict | None:
    """Lock the row (inside the caller's transaction) and compare versions."""
    current = Article.objects.select_for_update().only("version").get(pk=article_pk)
    if expected == current.version:
        return None
    latest = latest_version(current)
    who = "Someone"
    when = None
    if latest is not None:
        user = latest.revision.user
        who = (user.get_full_name() or user.get_username()) if user else "The system"
        when = latest.revision.date_created
    return Conflict(current_version=current.version, saved_by=who, saved_at=when)


# --- Soft locks ----------------------------------------------------------------------------


def _expiry() -> timedelta:
    return timedelta(minutes=settings.NEWSROOM_EDIT_LOCK_MINUTES)


def open_for_editing(article: Article, user: User) -> EditLock | None:
    """Note that `user` has the story open. Returns someone else's live lock, if any (then
    `user` only gets the warning; the other person's lock stands)."""
    if not user.is_authenticated:
        return None  # nobody to hold a lock (the admin lets no one in without signing in)
    now = timezone.now()
    lock = EditLock.objects.filter(article=article).select_related("user").first()
    if lock and lock.user_id != user.pk and lock.seen_at > now - _expiry():
        return lock
    if lock and lock.user_id == user.pk:
        EditLock.objects.filter(pk=lock.pk).update(seen_at=now)
        return None
    EditLock.objects.filter(article=article).delete()
    EditLock.objects.create(article=article, user=user, since=now, seen_at=now)
    return None


def release(article: Article, user: User) -> None:
    if not user.is_authenticated:
        return
    EditLock.objects.filter(article=article, user=user).delete()


def lock_message(lock: EditLock) -> str:
    name = lock.user.get_full_name() or lock.user.get_username()
    return (
        f"Being edited by {name} since {timezone.localtime(lock.since):%H:%M}. "
        "If you save too, the later save is refused until it takes their changes in."
    )
