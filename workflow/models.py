"""What the workflow records: events (transitions, comments, schedule milestones), edit locks and
the key of a story's signed preview links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core.fields import SanitizedHTMLField


class Event(models.Model):
    """One line of a story's editorial history. Readers never see these."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned to the writer")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UPDATED = "updated", _("Material update")
        CORRECTED = "corrected", _("Correction added")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REOPENED = "reopened", _("Reopened as a draft")
        RESTORED = "restored", _("Revision restored")
        PREVIEW_LINK = "preview_link", _("Preview link created")
        PREVIEW_LINKS_REVOKED = "preview_revoked", _("Preview links revoked")
        COMMENT = "comment", _("Comment")
        TAKEN_OVER = "taken_over", _("Took over editing")
        WENT_LIVE = "went_live", _("Went live")
        EXPIRED = "expired", _("Expired")
        UPDATE_SCHEDULED = "update_scheduled", _("Update scheduled")
        UPDATE_CANCELLED = "update_cancelled", _("Scheduled update cancelled")
        UPDATE_PUBLISHED = "update_published", _("Scheduled update published")
        UPDATE_LAPSED = "update_lapsed", _("Scheduled update not published")

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
    # For "Scheduled" and "Published": the publication time the move set, so the history can
    # say "Scheduled for 18:00 GMT+7, 6 December" after the story has moved on.
    publish_at = models.DateTimeField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, help_text=_("When it happened."))
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
        help_text=_("Who held the lock when it was taken over."),
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
        help_text=_("The story's version the text was written on.")
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


class ScheduledUpdate(models.Model):
    """A new version of a live story's text that readers get at `publish_at`, to the second
    (workflow/updates.py publishes it; docs/workflow.md, "Scheduled updates").

    It holds the fields an update may change (`UPDATE_FIELDS`) and, in `base`, the story's own
    values of them when it was prepared (at `base_version`): at publication only the fields the
    update changes are written, so an edit made to the story meanwhile to another field is kept.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Scheduled")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        # Its second came while the story was not live (withdrawn, expired): never shown.
        LAPSED = "lapsed", _("Not published")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="scheduled_updates", verbose_name=_("story")
    )
    headline = models.CharField(_("headline"), max_length=250)
    kicker = models.CharField(_("kicker"), max_length=80, blank=True)
    lead = models.TextField(_("lead"))
    body = SanitizedHTMLField(_("body"), blank=True)
    dateline = models.CharField(_("dateline"), max_length=80, blank=True)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    publish_at = models.DateTimeField(_("publish at"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    base_version = models.PositiveIntegerField(
        help_text=_("The story's version the update was prepared on.")
    )
    base = models.JSONField(default=dict, help_text=_("The story's text it was prepared on."))
    # Bumped by every change, so two editors changing one update cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    settled_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was published, cancelled or lapsed.")
    )

    class Meta:
        ordering = ["publish_at", "pk"]
        verbose_name = _("scheduled update")
        verbose_name_plural = _("scheduled updates")
        indexes = [
            # The updates due at a moment, read before every page (workflow/updates.py): a
            # seek in the few pending rows.
            models.Index(
                fields=["publish_at"],
                condition=Q(state="pending"),
                name="workflow_update_pending_idx",
            ),
            models.Index(fields=["article", "publish_at"], name="workflow_update_story_idx"),
        ]

    def __str__(self) -> str:
        return f"Update of {self.article_id} at {self.publish_at:%Y-%m-%d %H:%M:%S}"
