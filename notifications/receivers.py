"""Every new workflow Event is offered to notifications.services.notify() (inside the move's
transaction). The workflow does not know about notifications; this is the one place they meet."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from notifications.services import notify
from workflow.models import Event


@receiver(post_save, sender=Event, dispatch_uid="notifications.notify")
def event_recorded(sender, instance: Event, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        notify(instance)
