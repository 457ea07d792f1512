from __future__ import annotations

from django.db import models

from articles.models import Article


class ImportedItem(models.Model):
    """Where an imported story came from: the agency's ninjs `uri`, which makes a second import
    of the same item update the story instead of duplicating it."""

    uri = models.CharField("ninjs uri", max_length=500, unique=True)
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="ninjs_source")
    version = models.CharField(max_length=50, blank=True)
    versioncreated = models.CharField(max_length=50, blank=True)
    provider = models.CharField(max_length=120, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "imported ninjs item"

    def __str__(self) -> str:
        return self.uri
