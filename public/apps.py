from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from pagecache import fragments
        from public import most_read

        fragments.register(most_read.NAME, most_read.part)
