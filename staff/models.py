"""A staff member's own settings, kept beside their login (one row, made on first save)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class StaffSettings(models.Model):
    class Language(models.TextChoices):
        BROWSER = "", _("As my browser asks")
        VIETNAMESE = "vi", "Tiếng Việt"
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="staff_settings",
    )
    email_notifications = models.BooleanField(
        _("email me my notifications"),
        default=True,
        help_text=_(
            "Stories returned to you, scheduled, published or corrected; for editors, "
            "stories submitted for review. They are always on your desk as well."
        ),
    )
    language = models.CharField(
        _("admin language"),
        max_length=8,
        choices=Language,
        blank=True,
        default=Language.BROWSER,
        help_text=_("The language of the newsroom's admin and of its emails to you."),
    )

    # The editions the person works in (codes of editions/config.py); empty: every edition.
    # Set by whoever manages users (the user admin), not on "My settings".
    editions = models.JSONField(
        _("editions"),
        default=list,
        blank=True,
        help_text=_(
            "The editions this person may write, review and publish in. Leave all unticked "
            "for every edition."
        ),
    )

    class Meta:
        verbose_name = _("staff settings")
        verbose_name_plural = _("staff settings")

    def __str__(self) -> str:
        return gettext("Settings of %(user)s") % {"user": self.user}


def settings_for(user) -> StaffSettings:
    """The user's settings, or the defaults (unsaved) when they never changed them. A request's
    user carries the row the admin's language was read from (staff/languages.py), so the page
    shown does not read it again."""
    cached = getattr(user, "_staff_settings", None)
    if cached is not None:
        return cached
    return StaffSettings.objects.filter(user_id=user.pk).first() or StaffSettings(user_id=user.pk)
