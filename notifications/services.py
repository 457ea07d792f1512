"""Who is told about which move, and what they are told.

The workflow records every move as an `Event` (workflow/transitions.py); `receivers.py` hands
each new one to `notify()`, inside the move's transaction, so a move and its notifications are
saved together. Email goes later, from the background worker (`tasks.py`), once the move is
committed: a mail server that fails never undoes or delays a move.

- a story submitted for review: every editor;
- returned, scheduled, published or corrected: the story's writers (their linked logins).

Nobody is told about their own move.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils import timezone

from articles.models import Article
from background.tasks import enqueue_on_commit
from editions import config as editions
from notifications.models import Notification
from notifications.tasks import send_emails
from notifications.wording import actor_name, sentence, subject, wants_email
from staff.models import StaffSettings
from workflow.models import Event
from workflow.roles import PUBLISH_PERMISSION

__all__ = ["actor_name", "mark_read", "notify", "sentence", "subject", "wants_email"]

V = Notification.Verb
TO_EDITORS: dict[str, str] = {Event.Kind.SUBMITTED: V.SUBMITTED}
TO_WRITERS: dict[str, str] = {
    Event.Kind.RETURNED: V.RETURNED,
    Event.Kind.SCHEDULED: V.SCHEDULED,
    Event.Kind.PUBLISHED: V.PUBLISHED,
    Event.Kind.CORRECTED: V.CORRECTED,
}


def editors() -> QuerySet:
    """Active staff holding the publish permission (through a group or their own), and
    superusers: the people workflow.roles.is_editor() says are editors."""
    app_label, codename = PUBLISH_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
        )
        .distinct()
    )


def editors_of_edition(code: str) -> QuerySet:
    """The editors who work in edition `code`: those limited to other editions
    (StaffSettings.editions, workflow.roles.editions_of) are left out."""
    everyone = editors()
    known = {edition.code for edition in editions.all_editions()}
    limited = StaffSettings.objects.filter(user__in=everyone, user__is_superuser=False).exclude(
        editions=[]
    )
    elsewhere = [
        row.user_id
        for row in limited.only("user_id", "editions")
        if (known & set(row.editions)) and code not in row.editions
    ]
    return everyone.exclude(pk__in=elsewhere)


def writers_of(article: Article) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, writer__bylines__article=article)
        .distinct()
    )


def recipients(event: Event) -> tuple[str | None, QuerySet | None]:
    if event.kind in TO_EDITORS:
        return TO_EDITORS[event.kind], editors_of_edition(event.article.edition)
    if event.kind in TO_WRITERS:
        return TO_WRITERS[event.kind], writers_of(event.article)
    return None, None


def notify(event: Event) -> list[Notification]:
    """Notifications for the people a move concerns, and their email queued for after commit."""
    verb, people = recipients(event)
    if verb is None or people is None:
        return []
    if event.actor_id is not None:
        people = people.exclude(pk=event.actor_id)
    article = event.article
    made = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            article=article,
            verb=verb,
            actor_id=event.actor_id,
            note=event.note,
            publish_at=article.publish_at if verb == V.SCHEDULED else None,
            created=event.at,
        )
        for pk in people.values_list("pk", flat=True)
    )
    if made:
        enqueue_on_commit(send_emails, [n.pk for n in made])
    return made


def mark_read(user, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read (only these ids, when given)."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
