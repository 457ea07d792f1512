from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = _("Live coverage")

    def ready(self) -> None:
        from live import signals  # noqa: F401  (page-cache invalidation)
        from live.schedule import next_change
        from pagecache import schedule

        schedule.register(next_change)
