from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "images"
    verbose_name = _("Image library")

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        from images import receivers  # noqa: F401

        # Pillow warns above this many pixels and refuses twice as many, wherever a picture
        # is opened (uploads check it themselves first, with a clear message).
        Image.MAX_IMAGE_PIXELS = settings.NEWSROOM_IMAGE_MAX_PIXELS
