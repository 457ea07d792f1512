"""A notification: one person told about one move on one story (on their desk, and by email
when they want it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        return self.filter(recipient_id=user.pk)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Verb(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        RETURNED = "returned", _("returned to you")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")
        CORRECTED = "corrected", _("corrected")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=20, choices=Verb)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, help_text=_("The editor's note or the correction."))
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text=_("For a scheduled story: when it goes out.")
    )
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set by the email task before it sends, so a retry or a second run sends nothing twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} {self.get_verb_display()} (to {self.recipient})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
