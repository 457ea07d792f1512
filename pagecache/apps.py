from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self) -> None:
        from pagecache import signals  # noqa: F401  (connects the invalidation receivers)
