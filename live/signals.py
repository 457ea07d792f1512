"""Every write to live coverage refreshes the pages that show it (pagecache.signals).

An entry or a coverage shows on its story's page, the story's entries endpoint and its entries
feed, all of which depend on `article:<id>`. Each write also bumps the page cache's generation,
so the next scheduled entry (live.schedule) is asked again.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from live.models import Coverage, Entry
from pagecache.signals import invalidate


@receiver(post_save, sender=Entry)
@receiver(post_delete, sender=Entry)
def _entry_changed(sender, instance: Entry, raw=False, **kwargs) -> None:
    invalidate({f"article:{instance.coverage_id}"})


@receiver(post_save, sender=Coverage)
@receiver(post_delete, sender=Coverage)
def _coverage_changed(sender, instance: Coverage, raw=False, **kwargs) -> None:
    invalidate({f"article:{instance.pk}"})
