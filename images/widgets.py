from __future__ import annotations

from django.contrib.admin.widgets import ForeignKeyRawIdWidget


class ImageChooserWidget(ForeignKeyRawIdWidget):
    """The image's id with a lookup into the library (whose list shows thumbnails and can be
    searched) and a thumbnail of the chosen picture."""

    template_name = "admin/images/image_chooser.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["thumbnail"] = None
        if value:
            image = self.rel.model._default_manager.filter(pk=value).first()
            if image is not None:
                context["thumbnail"] = {
                    "url": image.rendition_url(320, "wide"),
                    "alt_text": image.alt_text,
                    "caption": image.caption,
                }
        return context
