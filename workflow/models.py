"""What the workflow records: events (transitions, comments, schedule milestones), edit locks and
the key of a story's signed preview links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article


class Event(models.Model):
    """One line of a story's editorial history. Readers never see these."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned to the writer"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        UPDATED = "updated", "Material update"
        CORRECTED = "corrected", "Correction added"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REOPENED = "reopened", "Reopened as a draft"
        RESTORED = "restored", "Revision restored"
        PREVIEW_LINK = "preview_link", "Preview link created"
        PREVIEW_LINKS_REVOKED = "preview_revoked", "Preview links revoked"
        COMMENT = "comment", "Comment"
        TAKEN_OVER = "taken_over", "Took over editing"
        WENT_LIVE = "went_live", "Went live"
        EXPIRED = "expired", "Expired"

    # Recorded by the schedule command; at most one per story and moment (idempotent, and safe
    # when two runs overlap).
    MILESTONES = (Kind.WENT_LIVE, Kind.EXPIRED)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now, help_text="When it happened.")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "at"],
                condition=Q(kind__in=["went_live", "expired"]),
                name="workflow_event_one_milestone",
            )
        ]
        indexes = [models.Index(fields=["article", "-at"], name="workflow_event_article_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article}"


class EditLock(models.Model):
    """A soft lock: who has a story open in the admin, so others are warned. The holder's page
    renews it (a heartbeat) and releases it on leaving; it expires on its own
    (settings.NEWSROOM_EDIT_LOCK_SECONDS after the last heartbeat). Another person may take it
    over: then `taken_from` is the person whose page is now stale (workflow/concurrency.py)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="edit_lock")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)
    taken_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who held the lock when it was taken over.",
    )
    taken_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.article} open by {self.user}"


class Autosave(models.Model):
    """A person's text of a story as they are writing it, kept by their page every 30 seconds,
    when the tab is hidden and on leaving (workflow/autosave.py). Never the story itself: it is
    offered back, with what differs, when they open the story again, and a restored text is
    saved through the version check like any form (based on `base_version`)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    base_version = models.PositiveIntegerField(
        help_text="The story's version the text was written on."
    )
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="workflow_autosave_per_user")
        ]

    def __str__(self) -> str:
        return f"Autosave of {self.article_id} by {self.user_id}"


class PreviewKey(models.Model):
    """The key every signed preview link of a story carries (workflow/preview.py). A link is
    honoured only while its story holds the key it was made with: withdrawing the story or
    "Revoke preview links" deletes the key, ending every link at once; the next link made gets
    a new one. Deleting the story deletes it too."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="preview_key"
    )
    key = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Preview links of {self.article_id}"
