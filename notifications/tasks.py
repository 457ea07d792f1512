"""Email for notifications, sent by the background worker (docs/tasks.md), in each person's
admin language, only to those who have an address and keep email on (My settings)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from background.tasks import background_task
from notifications import wording
from notifications.models import Notification
from staff.languages import language_for


class NotSent(Exception):
    """Some emails could not be sent; the task is tried again for those only."""


@background_task(attempts=3)
def send_emails(notification_ids: list[int]) -> str:
    """Tried three times in all (30 s and 2 min apart by default); each try sends only what
    was not sent before."""
    return deliver(notification_ids)


def deliver(notification_ids: list[int]) -> str:
    waiting = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient", "actor", "article")
        .order_by("pk")
    )
    sent, skipped, failed = 0, 0, []
    for notification in waiting:
        if not wording.wants_email(notification.recipient):
            skipped += 1
            continue
        if not _claim(notification):
            continue  # another run is sending it
        try:
            _send(notification)
        except Exception as error:  # the server refused or is away: try again later
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            failed.append(f"{notification.pk}: {error!r}")
        else:
            sent += 1
    if failed:
        raise NotSent(f"{len(failed)} not sent ({sent} sent): " + "; ".join(failed))
    return f"{sent} sent, {skipped} not wanted or without an address."


def _claim(notification: Notification) -> bool:
    moment = timezone.now()
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=moment
    )
    return claimed == 1


def _send(notification: Notification) -> None:
    # In the recipient's language (My settings), else the site's: no browser to ask here.
    with translation.override(language_for(notification.recipient)):
        context = {
            "notification": notification,
            "sentence": wording.sentence(notification),
            "story_url": _absolute(
                reverse("admin:articles_article_change", args=[notification.article_id])
            ),
            "desk_url": _absolute(reverse("admin:index")),
            "settings_url": _absolute(reverse("admin:my_settings")),
            "site_name": settings.NEWSROOM_SITE_NAME,
        }
        body = render_to_string("notifications/email.txt", context)
        subject = f"[{settings.NEWSROOM_SITE_NAME}] {wording.subject(notification)}"
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=None,
        recipient_list=[notification.recipient.email],
    )


def _absolute(path: str) -> str:
    return f"{settings.NEWSROOM_ADMIN_BASE_URL}{path}"
