"""Writing to the image library: storing a cleaned upload and making renditions.

Admin, demo, migrations and tests call these; nothing makes renditions while a page renders.
"""

from __future__ import annotations

import logging

from django.db import transaction

from images import renditions
from images.models import Image
from images.signals import renditions_made
from images.uploads import CleanImage, clean_upload

log = logging.getLogger(__name__)


def apply_upload(image: Image, clean: CleanImage) -> None:
    """Put a checked, re-encoded upload on an image (saved by `save_image`)."""
    image.file = clean.content
    image.width, image.height = clean.width, clean.height
    image.transparent = clean.transparent
    image.sha256 = clean.sha256


def save_image(image: Image, *, uploaded_by=None) -> Image:
    """Save an image row and its file; if the row cannot be saved, the file it just stored
    is removed again, so a failed save leaves no orphan file behind. A replaced file and its
    renditions are deleted once the transaction commits."""
    previous = Image.objects.filter(pk=image.pk).values_list("file", flat=True).first()
    storing_new_file = image.file and not image.file._committed
    if image.pk is None and uploaded_by is not None:
        image.uploaded_by = uploaded_by
    try:
        with transaction.atomic():
            image.save()
    except Exception:
        if storing_new_file and image.file.name:
            image.file.storage.delete(image.file.name)
        raise
    if previous and previous != image.file.name:
        storage = image.file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return image


def create_image(upload, *, uploaded_by=None, **fields) -> Image:
    """Check an upload and store it as a new library image with its renditions."""
    image = Image(**fields)
    apply_upload(image, clean_upload(upload))
    save_image(image, uploaded_by=uploaded_by)
    ensure_renditions(image)
    return image


def ensure_renditions(image: Image) -> bool:
    """Make the image's renditions for its current file and focal point unless they exist.

    Returns True when a new set was made. The row is marked only after every file is
    stored, and only if the file and focal point are still the ones the set was made from
    (an editor may have changed them meanwhile); then older sets are deleted.
    """
    key = image.rendition_key()
    if image.renditions_key == key:
        return False
    renditions.generate(image, key)
    current = Image.objects.filter(
        pk=image.pk,
        file=image.file.name,
        sha256=image.sha256,
        focal_x=image.focal_x,
        focal_y=image.focal_y,
    )
    if current.update(renditions_key=key):
        image.renditions_key = key
        # Old sets go only after the pages that named them were refreshed (pagecache listens).
        renditions_made.send(sender=Image, image=image)
        renditions.delete_stale(image.file.storage, image.pk, keep=key)
    return True


def ensure_renditions_on_commit(image: Image) -> None:
    """For a request that saves an image: make renditions after the transaction commits, so
    the database is not held while Pillow works."""

    def make() -> None:
        try:
            ensure_renditions(image)
        except Exception:  # the page falls back to the original file; log for the team
            log.exception("Could not make renditions of image %s", image.pk)

    transaction.on_commit(make)


def delete_files(storage, file_name: str, image_id: int) -> None:
    if file_name:
        storage.delete(file_name)
    renditions.delete_stale(storage, image_id)
