"""No lost edits: optimistic concurrency on the story's version, and soft edit locks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

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
        advice = gettext(
            "Your version is still in the form below: open the story in another tab to compare, "
            "bring their changes into yours, then save again (that save will replace theirs)."
        )
        if self.saved_at is None:
            said = gettext("%(who)s saved this story after you opened it.") % {"who": self.saved_by}
        else:
            said = gettext("%(who)s saved this story at %(when)s, after you opened it.") % {
                "who": self.saved_by,
                "when": date_format(timezone.localtime(self.saved_at), "H:i, d M"),
            }
        return f"{said} {advice}"


def check_version(article_pk: int, expected: int | None) -> Conflict | None:
    """Lock the row (inside the caller's transaction) and compare versions."""
    current = Article.objects.select_for_update().only("version").get(pk=article_pk)
    if expected == current.version:
        return None
    latest = latest_version(current)
    who = gettext("Someone")
    when = None
    if latest is not None:
        user = latest.revision.user
        who = (user.get_full_name() or user.get_username()) if user else gettext("The system")
        when = latest.revision.date_created
    return Conflict(current_version=current.version, saved_by=who, saved_at=when)


# --- Soft locks: a heartbeat, released on leaving, taken over in one click ------------------


def _expiry() -> timedelta:
    return timedelta(seconds=settings.NEWSROOM_EDIT_LOCK_SECONDS)


def _live(lock: EditLock | None, now: datetime) -> bool:
    return lock is not None and lock.seen_at > now - _expiry()


@dataclass
class LockState:
    held: bool  # the asking person holds the lock now
    holder: EditLock | None = None  # someone else's live lock
    taken_over: bool = False  # ...taken from the asking person after their page opened

    def as_dict(self) -> dict:
        state: dict = {"held": self.held, "taken_over": self.taken_over}
        if self.holder is not None:
            state["holder"] = _name(self.holder.user)
            state["message"] = (
                taken_over_message(self.holder) if self.taken_over else lock_message(self.holder)
            )
        return state


def heartbeat(article: Article, user: User, *, opened_at: datetime | None = None) -> LockState:
    """Renew `user`'s lock, or take it if nobody else holds a live one. `opened_at` is when the
    person's page was opened: a lock taken from them after that tells their page it is stale."""
    if not user.is_authenticated:
        return LockState(held=False)
    now = timezone.now()
    with transaction.atomic():
        lock = (
            EditLock.objects.select_for_update()
            .filter(article=article)
            .select_related("user")
            .first()
        )
        if lock and lock.user_id == user.pk:
            EditLock.objects.filter(pk=lock.pk).update(seen_at=now)
            return LockState(held=True)
        if lock and _live(lock, now):
            return LockState(held=False, holder=lock, taken_over=_taken_from(lock, user, opened_at))
        if lock and opened_at is not None and _taken_from(lock, user, opened_at):
            # The person who took over has gone, but this page is still older than their
            # take-over: it stays stale (the version check guards its save in any case).
            return LockState(held=False, holder=lock, taken_over=True)
        EditLock.objects.filter(article=article).delete()
        EditLock.objects.create(article=article, user=user, since=now, seen_at=now)
        return LockState(held=True)


def open_for_editing(article: Article, user: User) -> EditLock | None:
    """Note that `user` has the story open. Returns someone else's live lock, if any (then
    `user` only gets the warning and the "Take over" button; the other person's lock stands)."""
    if not user.is_authenticated:
        return None  # nobody to hold a lock (the admin lets no one in without signing in)
    state = heartbeat(article, user)
    return None if state.held else state.holder


def take_over(article: Article, user: User) -> EditLock | None:
    """Take the story's lock from whoever holds it, in one click. Returns the lock as it was if
    someone else held a live one (their page is told on its next heartbeat)."""
    if not user.is_authenticated:
        return None
    now = timezone.now()
    with transaction.atomic():
        lock = (
            EditLock.objects.select_for_update()
            .filter(article=article)
            .select_related("user")
            .first()
        )
        previous = lock if lock and lock.user_id != user.pk and _live(lock, now) else None
        EditLock.objects.filter(article=article).delete()
        EditLock.objects.create(
            article=article,
            user=user,
            since=now,
            seen_at=now,
            taken_from=previous.user if previous else None,
            taken_at=now if previous else None,
        )
    return previous


def taken_over_since(
    article_pk: int, user: User | None, opened_at: datetime | None
) -> EditLock | None:
    """The lock someone took from `user` after their page was opened at `opened_at`, if any:
    that page's save is refused (its text kept), so it cannot overwrite the new editor's."""
    if opened_at is None or user is None or not user.is_authenticated:
        return None
    lock = (
        EditLock.objects.filter(article_id=article_pk, taken_from=user, taken_at__gt=opened_at)
        .exclude(user=user)
        .select_related("user")
        .first()
    )
    return lock if _live(lock, timezone.now()) else None


def release(article: Article, user: User, *, opened_at: datetime | None = None) -> None:
    """Let `user`'s lock go. From a page leaving (`opened_at`: when it was opened), only a lock
    that page held: a lock taken since, by a newer page of theirs or a take-over, stays."""
    if not user.is_authenticated:
        return
    locks = EditLock.objects.filter(article=article, user=user)
    if opened_at is not None:
        locks = locks.filter(since__lte=opened_at)
    locks.delete()


def _taken_from(lock: EditLock, user: User, opened_at: datetime | None) -> bool:
    return (
        lock.taken_from_id == user.pk
        and lock.taken_at is not None
        and (opened_at is None or lock.taken_at > opened_at)
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def lock_message(lock: EditLock) -> str:
    return gettext(
        "Being edited by %(name)s since %(time)s. If you save too, the later save is refused "
        "until it takes their changes in."
    ) % {"name": _name(lock.user), "time": f"{timezone.localtime(lock.since):%H:%M}"}


def taken_over_message(lock: EditLock) -> str:
    when = timezone.localtime(lock.taken_at or lock.since)
    return gettext(
        "%(name)s took over this story at %(time)s. Your text is still in this page and in your "
        "autosave, but it can no longer be saved over theirs: copy what you need, then open the "
        "story again."
    ) % {"name": _name(lock.user), "time": f"{when:%H:%M}"}
