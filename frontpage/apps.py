from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontPageConfig(AppConfig):
    name = "frontpage"
    verbose_name = _("Front page")

    def ready(self) -> None:
        from frontpage import signals  # noqa: F401  (page-cache invalidation, history)
        from frontpage.schedule import next_change
        from pagecache import schedule

        schedule.register(next_change)
