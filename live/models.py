"""Live coverage: a story that unfolds in timestamped entries.

A `Coverage` makes a story live coverage (its primary key is the story's, so an entry's
`coverage_id` is its story's id). It starts when an editor opens it and ends when an editor closes
it with a closing summary. An `Entry` is one update: text with pictures and embeds as in a story's
body (the same sanitised field and placeholders, articles/body.py), a writer, a publication time
(a future one schedules it), optionally marked as a key entry, corrected with a visible note, or
withdrawn.

What readers see is decided when the page is read (`EntryQuerySet.visible()`), exact to the
second: an entry shows while its story is live, from its `publish_at`, until it is withdrawn. The
workflow of entries (who may post, edit, withdraw, start and end) is in workflow/live.py, and
what a page shows of it in public/live.py.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core.fields import SanitizedHTMLField
from live.querysets import EntryQuerySet
from writers.models import Writer


class Coverage(models.Model):
    article = models.OneToOneField(
        Article,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="coverage",
        verbose_name=_("story"),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ended by"),
    )
    closing_summary = models.TextField(
        _("closing summary"),
        blank=True,
        help_text=_("What readers should take away, shown at the top once the coverage ends."),
    )
    # Optimistic concurrency: ending (or reopening) from a screen opened at an older version is
    # refused (workflow/live.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("live coverage")
        verbose_name_plural = _("live coverage")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=models.F("started_at")),
                name="coverage_ends_after_start",
                violation_error_message=_("The coverage must end after it started."),
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | ~Q(closing_summary=""),
                name="coverage_ended_has_summary",
                violation_error_message=_("Ended coverage needs a closing summary."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.article)

    def is_ended(self, *, at: datetime | None = None) -> bool:
        moment = at or timezone.now()
        return self.ended_at is not None and self.ended_at <= moment


class Entry(models.Model):
    coverage = models.ForeignKey(
        Coverage, on_delete=models.CASCADE, related_name="entries", verbose_name=_("coverage")
    )
    writer = models.ForeignKey(
        Writer, on_delete=models.PROTECT, related_name="live_entries", verbose_name=_("writer")
    )
    body = SanitizedHTMLField(
        _("text"),
        help_text=_("Paragraphs, links, lists, quotes, pictures from the library and embeds."),
    )
    is_key = models.BooleanField(
        _("key entry"),
        default=False,
        help_text=_("Key entries are also listed at the top of the page as a summary."),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        help_text=_("A future time schedules the entry: it appears on its own at that second."),
    )
    correction = models.TextField(
        _("correction note"),
        blank=True,
        help_text=_("Shown to readers under the entry: what was wrong and what is right."),
    )
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("posted by"),
    )
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    # Optimistic concurrency, as for stories: a save based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        indexes = [
            # A coverage's entries newest first, and its pages by cursor (core.pagination).
            models.Index(fields=["coverage", "-publish_at", "-id"], name="entry_coverage_idx"),
            # The next scheduled entry, which bounds how long a cached page may be kept.
            models.Index(fields=["publish_at"], name="entry_publish_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.coverage} #{self.pk}"

    @property
    def anchor(self) -> str:
        return f"entry-{self.pk}"
