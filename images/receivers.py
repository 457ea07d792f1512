"""The image library's receivers, connected when the app is ready (images/apps.py). Deleting an
image (one, or many from the admin's bulk action) deletes its files too, once the deletion is
committed."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from images.models import Image
from images.services import delete_files


@receiver(post_delete, sender=Image, dispatch_uid="images_delete_files")
def delete_image_files(sender, instance: Image, **kwargs) -> None:
    storage, name, image_id = instance.file.storage, instance.file_name, instance.pk
    pending = instance.pending_upload
    transaction.on_commit(lambda: delete_files(storage, name, image_id, pending))
