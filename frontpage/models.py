"""The front page as editors arrange it: layouts of pins, and breaking news.

A `Layout` is a set of `Pin`s with a start time; the layout in force at a moment is the one with
the latest start at or before it, so a layout can be prepared for 06:00 and takes over at that
second with no job running. A `Breaking` marks a story as breaking news from a start until an
end (or until unmarked). What readers see is decided when the page is read, by the visibility
rule (`ArticleQuerySet.live()`): a pin or a breaking mark of a story that is not live shows
nothing, and its slot goes to the automatic choice (public.frontpage).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editions import config as editions


class Layout(models.Model):
    # Each edition has its own front page: the layout in force for an edition is the latest
    # started of that edition's layouts, and it pins that edition's stories only.
    edition = models.CharField(
        _("edition"),
        max_length=12,
        choices=editions.choices,
        default=editions.default_code,
        help_text=_("The edition whose front page this layout arranges."),
    )
    starts_at = models.DateTimeField(
        _("starts at"),
        default=timezone.now,
        db_index=True,
        help_text=_("The layout is in force from this time until the next layout starts."),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("For the desk, e.g. “Storm day”.")
    )
    # Optimistic concurrency: a save from a form opened at an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("layout")
        verbose_name_plural = _("layouts")
        indexes = [models.Index(fields=["edition", "-starts_at"], name="layout_edition_starts_idx")]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at).strftime("%d/%m/%Y %H:%M")
        name = gettext("Layout from %(when)s") % {"when": when}
        if len(editions.all_editions()) > 1:
            name = f"{name} · {self.get_edition_display()}"
        return f"{name} ({self.note})" if self.note else name

    @classmethod
    def in_force(cls, at=None, *, edition: str | None = None) -> models.QuerySet:
        """The layout of `edition` (default: the default edition) in force at `at` (default
        now), as a one-row queryset."""
        at = at or timezone.now()
        code = edition or editions.default_code()
        return cls.objects.filter(edition=code, starts_at__lte=at).order_by("-starts_at", "-pk")[:1]


class Pin(models.Model):
    class Slot(models.TextChoices):
        LEAD = "lead", _("Lead story")
        TOP = "top", _("Top stories")
        SECTION = "section", _("Section block")

    layout = models.ForeignKey(
        Layout, on_delete=models.CASCADE, related_name="pins", verbose_name=_("layout")
    )
    slot = models.CharField(_("slot"), max_length=10, choices=Slot.choices, default=Slot.TOP)
    section = models.ForeignKey(
        "sections.Section",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("section"),
        help_text=_("For a section block pin: the section (the story must be in it to show)."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Smaller comes first.")
    )
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+", verbose_name=_("story")
    )

    class Meta:
        ordering = ["slot", "section_id", "position", "pk"]
        verbose_name = _("pin")
        verbose_name_plural = _("pins")
        constraints = [
            # A story is pinned once per layout: it never appears twice on the front page.
            models.UniqueConstraint(fields=["layout", "article"], name="pin_story_once"),
            models.CheckConstraint(
                condition=Q(slot="section", section__isnull=False)
                | (~Q(slot="section") & Q(section__isnull=True)),
                name="pin_section_only_in_section_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_slot_display()} #{self.position}: {self.article_id}"

    def clean(self) -> None:
        try:
            layout, article = self.layout, self.article
        except ObjectDoesNotExist:  # not chosen yet: the field's own error says so
            return
        if article.edition != layout.edition:
            raise ValidationError(
                {
                    "article": gettext(
                        "This story is in the %(story)s edition and this layout arranges the "
                        "%(layout)s front page: pin it in a layout of its own edition."
                    )
                    % {
                        "story": article.get_edition_display(),
                        "layout": layout.get_edition_display(),
                    }
                },
                code="other_edition",
            )


class Breaking(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+", verbose_name=_("story")
    )
    starts_at = models.DateTimeField(_("starts at"), default=timezone.now, db_index=True)
    ends_at = models.DateTimeField(
        _("ends at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty to keep the banner until the story is unmarked."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("breaking news")
        verbose_name_plural = _("breaking news")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="breaking_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return gettext("Breaking: %(story)s") % {"story": self.article}

    @classmethod
    def in_window(cls, at=None) -> models.QuerySet:
        """Marks whose window holds `at` (the story's own visibility is judged apart)."""
        at = at or timezone.now()
        return cls.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at), starts_at__lte=at)
