from django.apps import AppConfig
from django.conf import settings
from django.core.signals import request_started
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = _("Demo content")

    def ready(self) -> None:
        if settings.NEWSROOM_DEMO_READS:
            # `make run`: the server's own cache (local memory) gets the demo's made-up reads.
            request_started.connect(_seed_reads_once, dispatch_uid="demo-reads")


def _seed_reads_once(sender, **kwargs) -> None:
    from demo.reads import seed_reads
    from demo.seed import DEMO_PINS

    request_started.disconnect(dispatch_uid="demo-reads")
    seed_reads([headline for _slot, _section, headline in DEMO_PINS])
