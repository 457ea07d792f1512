from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import unique_slug
from core.urls import reverse
from editions import config as editions

# Sections live at the root of the site (/world/), so a section may not take a path that
# another part of the site already answers.
RESERVED_SLUGS = frozenset(
    {"admin", "api", "tags", "writers", "search", "feeds", "static", "media", "preview",
     "sitemap.xml", "robots.txt", "accounts", "most-read"}
)  # fmt: skip


def validate_not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS or slug in editions.prefixes():
        raise ValidationError(
            _("“%(slug)s” is used by another part of the site; choose another slug."),
            params={"slug": slug},
        )


class SectionQuerySet(models.QuerySet):
    def in_navigation(self) -> SectionQuerySet:
        return self.filter(in_navigation=True)


class Section(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        validators=[validate_not_reserved],
        help_text=_("The section's address, e.g. “world” for /world/. Leave blank to generate it."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences shown on the section page.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Order in the navigation and on the home page: lower comes first."),
    )
    in_navigation = models.BooleanField(
        _("in navigation"),
        default=True,
        help_text=_("Show this section in the site navigation and on the home page."),
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            others = Section.objects.exclude(pk=self.pk)
            self.slug = unique_slug(
                self.name,
                max_length=80,
                fallback="section",
                taken=lambda s: (
                    s in RESERVED_SLUGS
                    or s in editions.prefixes()
                    or others.filter(slug=s).exists()
                ),
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("sections:detail", slug=self.slug)
