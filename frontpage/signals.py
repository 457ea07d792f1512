"""Every change to the front page refreshes the pages that show it (pagecache.signals).

A layout or a pin: its edition's home page and section fronts (keys `home:<edition>`,
`fronts:<edition>`). A breaking mark: every page, since every page shows the banner (key
`site`). Each write also bumps the page cache's generation, so the next-change moment
(frontpage.schedule) is asked again.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from frontpage.models import Breaking, Layout, Pin
from pagecache.signals import invalidate
from pagecache.versions import per_edition

FRONTS = "fronts"


@receiver(post_save, sender=Layout)
@receiver(post_delete, sender=Layout)
def _layout_changed(sender, instance: Layout, raw=False, **kwargs) -> None:
    # Its edition, and the one it had (a layout moved to another edition leaves this one).
    codes = {instance.edition, getattr(instance, "_edition_before", None) or instance.edition}
    invalidate(per_edition("home", FRONTS, codes=codes))


@receiver(pre_save, sender=Layout)
def _remember_edition(sender, instance: Layout, raw=False, **kwargs) -> None:
    if instance.pk and not raw:
        before = Layout.objects.filter(pk=instance.pk).values_list("edition", flat=True).first()
        instance._edition_before = before  # type: ignore[attr-defined]


@receiver(post_save, sender=Pin)
@receiver(post_delete, sender=Pin)
def _pin_changed(sender, instance: Pin, raw=False, **kwargs) -> None:
    code = Layout.objects.filter(pk=instance.layout_id).values_list("edition", flat=True).first()
    invalidate(per_edition("home", FRONTS, codes=[code] if code else None))


@receiver(post_save, sender=Breaking)
@receiver(post_delete, sender=Breaking)
def _breaking_changed(sender, instance, raw=False, **kwargs) -> None:
    invalidate({"site"})
