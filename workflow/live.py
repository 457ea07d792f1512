"""Live coverage's workflow (live/, docs/live.md): who may start and end coverage, post,
correct and withdraw entries.

Each action is one function that checks who may, runs in a transaction and returns; the admin's
live desk (workflow/live_desk.py) and the tests call them, and nothing else writes entries (the
demo and the benchmark load theirs directly).
Roles are the workflow's (workflow/roles.py): editors hold the publish permission; a story's
writers are the logins linked to its bylines.

- Editors start and end coverage (ending needs a closing summary) and may post, correct and
  withdraw any entry, under any writer's name.
- A writer named on the story posts entries under a byline of the story, and corrects or
  withdraws the entries they wrote or posted.
- Edits are never silently lost: a correction or an ending based on an older version is refused
  (`Conflict`), with the text that was sent kept for its author.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.body import check_submitted
from articles.models import Article, Byline
from live.models import Coverage, Entry
from workflow.roles import User, roles_for, writer_of
from writers.models import Writer

EDITOR = "editor"


@dataclass
class Conflict(Exception):
    """Someone saved the entry (or the coverage) after this form was opened."""

    current_version: int
    current_text: str

    def message(self) -> str:
        return gettext(
            "Someone saved this after you opened it. Your text is still in the form below; "
            "the saved text is shown beside it: bring their changes into yours, then save again."
        )


# --- Who may ------------------------------------------------------------------------------------


def may_post(user: User, article: Article) -> bool:
    """Editors and the story's writers, within their editions (workflow.roles.roles_for)."""
    return bool(roles_for(user, article))


def _edits(user: User, article: Article) -> bool:
    """An editor of the story: an editor working in its edition."""
    return EDITOR in roles_for(user, article)


def may_change(user: User, entry: Entry) -> bool:
    """Editors change any entry; a writer of the story the entries they wrote or posted."""
    if _edits(user, entry.coverage.article):
        return True
    if not may_post(user, entry.coverage.article):
        return False
    writer = writer_of(user)
    return entry.created_by_id == user.pk or (writer is not None and entry.writer_id == writer.pk)


def writers_for(user: User, article: Article):
    """The writers an entry on `article` may be signed with: the story's bylines (any writer
    for an editor)."""
    if _edits(user, article):
        return Writer.objects.all()
    return Writer.objects.filter(pk__in=Byline.objects.filter(article=article).values("writer"))


# --- Coverage -----------------------------------------------------------------------------------


def start(article: Article, user: User) -> Coverage:
    """Make `article` live coverage (editors). Reopens ended coverage."""
    if not _edits(user, article):
        raise PermissionDenied(gettext("Only editors start live coverage."))
    with transaction.atomic():
        coverage, created = Coverage.objects.select_for_update().get_or_create(
            article=article, defaults={"started_by": user if user.is_authenticated else None}
        )
        if not created and coverage.ended_at is not None:
            coverage.ended_at = None
            coverage.ended_by = None
            coverage.version += 1
            coverage.save()
    return coverage


def end(coverage: Coverage, user: User, summary: str, *, version: int | None) -> Coverage:
    """End the coverage now, with a closing summary (editors)."""
    if not _edits(user, coverage.article):
        raise PermissionDenied(gettext("Only editors end live coverage."))
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError(gettext("Write a closing summary for readers."), code="summary")
    moment = timezone.now()
    with transaction.atomic():
        current = Coverage.objects.select_for_update().get(pk=coverage.pk)
        if version != current.version:
            raise Conflict(current.version, current.closing_summary)
        if moment <= current.started_at:
            raise ValidationError(gettext("The coverage must end after it started."))
        current.ended_at = moment
        current.ended_by = user if user.is_authenticated else None
        current.closing_summary = summary
        current.version += 1
        current.save()
    return current


# --- Entries ------------------------------------------------------------------------------------


def _check(coverage: Coverage, user: User, writer: Writer, body: str) -> None:
    if coverage.is_ended():
        raise ValidationError(gettext("This coverage has ended: reopen it to post."))
    if not writers_for(user, coverage.article).filter(pk=writer.pk).exists():
        raise ValidationError(
            gettext("%(writer)s is not named on this story.") % {"writer": writer.name},
            code="writer",
        )
    if not (body or "").strip():
        raise ValidationError(gettext("The entry has no text."), code="body")
    errors = check_submitted(body)
    if errors:
        raise ValidationError(errors, code="body")


def post(
    coverage: Coverage,
    user: User,
    *,
    writer: Writer,
    body: str,
    publish_at: datetime | None = None,
    is_key: bool = False,
) -> Entry:
    """Post an entry now, or schedule it for `publish_at`."""
    if not may_post(user, coverage.article):
        raise PermissionDenied(gettext("Only the story's writers and editors post entries."))
    _check(coverage, user, writer, body)
    return Entry.objects.create(
        coverage=coverage,
        writer=writer,
        body=body,
        is_key=is_key,
        publish_at=publish_at or timezone.now(),
        created_by=user if user.is_authenticated else None,
    )


def change(
    entry: Entry,
    user: User,
    *,
    version: int | None,
    writer: Writer,
    body: str,
    publish_at: datetime,
    is_key: bool,
    correction: str = "",
) -> Entry:
    """Change an entry. A new correction note is shown to readers with the time it was made; a
    change to a published entry without a note is a silent fix (a typo)."""
    if not may_change(user, entry):
        raise PermissionDenied(gettext("You may not change this entry."))
    _check(entry.coverage, user, writer, body)
    with transaction.atomic():
        current = Entry.objects.select_for_update().get(pk=entry.pk)
        if version != current.version:
            raise Conflict(current.version, current.body)
        correction = (correction or "").strip()
        if correction and correction != current.correction:
            current.corrected_at = timezone.now()
        elif not correction:
            current.corrected_at = None
        current.correction = correction
        current.writer = writer
        current.body = body
        current.publish_at = publish_at
        current.is_key = is_key
        current.version += 1
        current.save()
    return current


def withdraw(entry: Entry, user: User) -> Entry:
    """Take an entry off the page at once (it stays in the desk's list, marked withdrawn)."""
    if not may_change(user, entry):
        raise PermissionDenied(gettext("You may not withdraw this entry."))
    with transaction.atomic():
        current = Entry.objects.select_for_update().get(pk=entry.pk)
        if current.withdrawn_at is None:
            current.withdrawn_at = timezone.now()
            current.version += 1
            current.save()
    return current


def restore(entry: Entry, user: User) -> Entry:
    """Put a withdrawn entry back, at its own time."""
    if not may_change(user, entry):
        raise PermissionDenied(gettext("You may not restore this entry."))
    with transaction.atomic():
        current = Entry.objects.select_for_update().get(pk=entry.pk)
        if current.withdrawn_at is not None:
            current.withdrawn_at = None
            current.version += 1
            current.save()
    return current
