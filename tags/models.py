from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase

from core.text import slugify_vi
from core.urls import reverse


class Tag(TagBase):
    """A topic tag. Slugs transliterate Vietnamese ("Đà Nẵng" -> da-nang)."""

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def slugify(self, tag: str, i: int | None = None) -> str:
        slug = slugify_vi(tag, max_length=90) or "tag"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self) -> str:
        return reverse("tags:detail", slug=self.slug)
