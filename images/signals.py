"""Image signals. Deleting an image (one, or many from the admin's bulk action) deletes its
files too, once the deletion is committed."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from images.models import Image

# Sent with `image` when the files pages point at change by an UPDATE, which sends no
# post_save: a cleaned upload put in place, or a new set of renditions stored and marked on the
# row. Pages that show the picture must be refreshed (pagecache listens).
files_changed = Signal()


@receiver(post_delete, sender=Image, dispatch_uid="images_delete_files")
def delete_image_files(sender, instance: Image, **kwargs) -> None:
    from images.services import delete_files

    storage, name, image_id = instance.file.storage, instance.file.name, instance.pk
    pending = instance.pending_upload
    transaction.on_commit(lambda: delete_files(storage, name, image_id, pending))
