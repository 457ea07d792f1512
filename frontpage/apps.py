from django.apps import AppConfig


class FrontPageConfig(AppConfig):
    name = "frontpage"
    verbose_name = "Front page"

    def ready(self) -> None:
        from frontpage import signals  # noqa: F401  (page-cache invalidation, history)
        from frontpage.schedule import next_change
        from pagecache import schedule

        schedule.register(next_change)
