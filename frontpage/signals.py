"""Every change to the front page refreshes the pages that show it (pagecache.signals).

A layout or a pin: the home page and the section fronts (key `fronts`). A breaking mark: every
page, since every page shows the banner (key `site`). Each write also bumps the page cache's
generation, so the next-change moment (frontpage.schedule) is asked again.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from frontpage.models import Breaking, Layout, Pin
from pagecache.signals import invalidate

FRONTS = "fronts"


@receiver(post_save, sender=Layout)
@receiver(post_delete, sender=Layout)
@receiver(post_save, sender=Pin)
@receiver(post_delete, sender=Pin)
def _arrangement_changed(sender, instance, raw=False, **kwargs) -> None:
    invalidate({"home", FRONTS})


@receiver(post_save, sender=Breaking)
@receiver(post_delete, sender=Breaking)
def _breaking_changed(sender, instance, raw=False, **kwargs) -> None:
    invalidate({"site"})
