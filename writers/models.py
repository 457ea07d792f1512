from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import sort_key, unique_slug
from core.urls import reverse


class Writer(models.Model):
    """A byline: a staff journalist (linked to a user account) or an agency or guest writer."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("The writer page's address. Leave blank to generate it from the name."),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    bio = models.TextField(
        _("biography"), blank=True, help_text=_("A short biography shown on the writer page.")
    )
    photo = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="writer_photo_of",
        verbose_name=_("photo"),
        help_text=_(
            "A portrait from the image library; shown cropped square around its focal point."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="writer",
        verbose_name=_("login"),
        help_text=_(
            "The journalist's login, so their stories are theirs. Empty for agency or "
            "guest bylines."
        ),
    )
    # Folded copy of the name ("Đỗ" -> "do") so lists sort as a Vietnamese reader expects on
    # every database, whatever its collation.
    sort_name = models.CharField(_("sort name"), max_length=120, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("writer")
        verbose_name_plural = _("writers")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.sort_name = sort_key(self.name)
        if not self.slug:
            others = Writer.objects.exclude(pk=self.pk)
            self.slug = unique_slug(
                self.name,
                max_length=120,
                fallback="writer",
                taken=lambda s: others.filter(slug=s).exists(),
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("writers:detail", slug=self.slug)
