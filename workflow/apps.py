from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Editorial workflow")

    def ready(self) -> None:
        import reversion

        from articles.models import Article

        # Every save of a story inside a revision block (admin saves, transitions, restores)
        # keeps a version; workflow/revisions.py reads and restores them.
        if not reversion.is_registered(Article):
            reversion.register(Article)

        # The rules checker: the built-in rules, then each installed app's `story_checks.py`.
        from django.utils.module_loading import autodiscover_modules

        import workflow.checks.rules  # noqa: F401

        autodiscover_modules("story_checks")

        # Scheduled updates (workflow/updates.py): published by the first page read from the
        # database at their second, and no cached page outlives that second.
        from pagecache import schedule
        from pagecache.views import before_render
        from workflow import receivers  # noqa: F401
        from workflow.updates import next_pending, publish_due

        schedule.register(next_pending)
        before_render(publish_due)
