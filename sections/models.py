from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import rendering
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
    # The section in the other editions (docs/editions.md: sections are shared, each edition
    # names them in its language): {"vi": "Thế giới"}. `name` and `description` are the
    # default edition's, and any edition without its own falls back to them.
    names = models.JSONField(
        _("names in other editions"),
        default=dict,
        blank=True,
        help_text=_("The section's name in each other edition, by edition code."),
    )
    descriptions = models.JSONField(
        _("descriptions in other editions"),
        default=dict,
        blank=True,
        help_text=_("The section's description in each other edition, by edition code."),
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

    def name_in(self, edition: str) -> str:
        """The section's name in `edition` (its code), else the default edition's."""
        return name_in(self.name, self.names, edition)

    def description_in(self, edition: str) -> str:
        return name_in(self.description, self.descriptions, edition)

    @property
    def local_name(self) -> str:
        """The name in the edition being served (navigation, headings, breadcrumbs)."""
        return self.name_in(rendering.edition().code)

    @property
    def local_description(self) -> str:
        return self.description_in(rendering.edition().code)


def name_in(default: str, others: dict | None, edition: str) -> str:
    """A section's text in `edition`: its own if it has one (`others`, by edition code), else
    the default edition's (`default`)."""
    return (others or {}).get(edition) or default
