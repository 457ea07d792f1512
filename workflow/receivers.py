"""The page cache hears of scheduled updates (pagecache.signals): scheduling, changing or
cancelling one bumps its story's page-cache keys, and with them the write generation, so the
next moment a cached page must end at (pagecache.schedule, `updates.next_pending`) is asked
again. Publishing one saves the story, whose own signals refresh every page showing it."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from pagecache.signals import invalidate
from workflow.models import ScheduledUpdate


@receiver(post_save, sender=ScheduledUpdate)
@receiver(post_delete, sender=ScheduledUpdate)
def _update_changed(sender, instance: ScheduledUpdate, raw=False, **kwargs) -> None:
    invalidate({f"article:{instance.article_id}"})
