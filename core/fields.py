from __future__ import annotations

from django.db import models

from core.html import sanitize_html


class SanitizedHTMLField(models.TextField):
    """Rich text that is sanitised every time it is written, whatever path writes it.

    Sanitising in pre_save covers the admin, imports, the shell and bulk_create alike, so the
    database never holds unsafe markup and templates may mark it safe.
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = getattr(model_instance, self.attname) or ""
        clean = sanitize_html(value)
        setattr(model_instance, self.attname, clean)
        return clean
