from __future__ import annotations

from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.urls import reverse


class ImageChooserWidget(ForeignKeyRawIdWidget):
    """The image's id with a lookup into the library (whose list shows thumbnails and can be
    searched) and a preview of the chosen picture that follows the choice."""

    template_name = "admin/images/image_chooser.html"

    class Media:
        js = ["images/image-chooser.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["preview_url"] = reverse(
            "admin:images_image_preview", kwargs={"pk": 0}, current_app=self.admin_site.name
        ).replace("/0/", "/__id__/")
        context["thumbnail"] = None
        if value:
            image = self.rel.model._default_manager.filter(pk=value).first()
            if image is not None:
                context["thumbnail"] = preview(image)
        return context


def preview(image) -> dict:
    """The chooser's thumbnail URL ("" while a new upload is processed) and alt text."""
    return {"url": image.rendition_url(320, "wide"), "alt_text": image.alt_text.strip()}
