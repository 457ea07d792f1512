"""Writing to the image library: keeping an upload for the worker, cleaning it, storing it and
making renditions.

The admin keeps a checked upload (`store_upload`) and the worker does the slow part
(`process`, through images/tasks.py); scripts, the demo and tests may do it all at once
(`create_image`). Nothing makes renditions while a page renders.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction

from images import renditions
from images.models import Image
from images.signals import files_changed
from images.uploads import CheckedUpload, CleanImage, clean_upload

log = logging.getLogger(__name__)

# What the library's form edits; a save from the admin writes these and nothing else, so it
# never undoes what the worker wrote meanwhile (the cleaned file, the renditions).
DETAILS = ["alt_text", "caption", "credit", "focal_x", "focal_y"]


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
    storing_new_file = image.file and not image.file._committed  # type: ignore[attr-defined]
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
        files_changed.send(sender=Image, image=image)
        renditions.delete_stale(image.file.storage, image.pk, keep=key)
    return True


# --- Uploads through the worker -------------------------------------------------------------


def incoming_storage():
    """Where uploads wait, as received, to be cleaned: never served (STORAGES["incoming"])."""
    return storages["incoming"]


def store_upload(image: Image, checked: CheckedUpload, *, uploaded_by=None) -> Image:
    """Save the image with a checked upload waiting for the worker (images/tasks.py), in the
    private incoming storage under an unguessable name. The picture shown until the worker has
    cleaned it is the previous one, or none for a new image. An upload still waiting from
    before is deleted once the transaction commits; if the row cannot be saved, the upload
    just stored is deleted at once."""
    incoming = incoming_storage()
    previous = ""
    if image.pk is not None:
        stored = Image.objects.filter(pk=image.pk).values_list("pending_upload", flat=True)
        previous = stored.first() or ""
    name = incoming.save(f"{uuid.uuid4().hex}/{checked.file_name}", checked.upload)
    image.pending_upload, image.processing_error = name, ""
    fields = [*DETAILS, "pending_upload", "processing_error"]
    if not image.has_file:  # what the header says, until the cleaned file says it exactly
        image.width, image.height = checked.width, checked.height
        image.transparent = checked.transparent
        fields += ["width", "height", "transparent"]
    if image.pk is None and uploaded_by is not None:
        image.uploaded_by = uploaded_by
    try:
        with transaction.atomic():
            image.save(update_fields=None if image.pk is None else fields)
    except Exception:
        incoming.delete(name)
        raise
    if previous and previous != name:
        transaction.on_commit(lambda: incoming.delete(previous))
    return image


def save_details(image: Image) -> Image:
    """Save what the library's form edits (texts, focal point), and nothing the worker writes."""
    image.save(update_fields=DETAILS)
    return image


def needs_processing(image: Image) -> bool:
    return bool(image.pending_upload) or (image.has_file and not image.has_renditions)


def process(image_id: int) -> str:
    """The worker's part: clean the upload waiting on the image, if any, then make its
    renditions. Safe to run again (what is done is not redone); says what it did."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return "The image was deleted."
    done = []
    if image.pending_upload:
        outcome = clean_pending(image)
        if outcome:
            return outcome
        done.append("upload cleaned")
    if image.has_file and ensure_renditions(image):
        done.append("renditions made")
    if image.processing_error:
        Image.objects.filter(pk=image.pk, processing_error=image.processing_error).update(
            processing_error=""
        )
    return "; ".join(done).capitalize() + "." if done else "Nothing to do."


def clean_pending(image: Image) -> str:
    """Clean the image's waiting upload and put it in place of its file. Returns "" when done,
    or why nothing was put in place: the upload was refused (its pixels could not be read), or
    a newer upload replaced it meanwhile (its own task cleans that one)."""
    name = image.pending_upload
    try:
        with incoming_storage().open(name, "rb") as handle:
            clean = clean_upload(File(handle, name=PurePath(name).name))
    except FileNotFoundError:
        if _still_pending(image, name):
            raise
        return "A newer upload replaced this one."
    except ValidationError as error:
        return _refuse(image, name, error)
    storage = image.file.storage
    stored = storage.save(image.file.field.generate_filename(image, clean.content.name),
                          clean.content)  # fmt: skip
    previous = image.file.name
    placed = Image.objects.filter(pk=image.pk, pending_upload=name).update(
        file=stored, width=clean.width, height=clean.height, transparent=clean.transparent,
        sha256=clean.sha256, renditions_key="", pending_upload="", processing_error="",
    )  # fmt: skip
    if not placed:
        storage.delete(stored)
        return "A newer upload replaced this one."
    incoming_storage().delete(name)
    image.file.name, image.pending_upload, image.renditions_key = stored, "", ""
    image.width, image.height, image.transparent = clean.width, clean.height, clean.transparent
    image.sha256 = clean.sha256
    # Pages now show the cleaned picture; the old one goes once they were refreshed.
    files_changed.send(sender=Image, image=image)
    if previous:
        delete_files(storage, previous, image.pk)
    return ""


def _still_pending(image: Image, name: str) -> bool:
    return Image.objects.filter(pk=image.pk, pending_upload=name).exists()


def _refuse(image: Image, name: str, error: ValidationError) -> str:
    """An upload that passed the request's checks but whose pixels cannot be read (cut short,
    corrupt): nothing is shown of it, and the image says why."""
    message = f"The file could not be used: {' '.join(error.messages)}"
    if Image.objects.filter(pk=image.pk, pending_upload=name).update(
        pending_upload="", processing_error=message
    ):
        incoming_storage().delete(name)
    return message


def record_failure(error: Exception, image_id: int, **kwargs) -> None:
    """The worker gave up on the image (images/tasks.py): its admin page says so."""
    message = f"{type(error).__name__}: {error}"[:2000]
    Image.objects.filter(pk=image_id).update(processing_error=message)


def delete_files(storage, file_name: str, image_id: int, pending: str = "") -> None:
    if file_name:
        storage.delete(file_name)
    renditions.delete_stale(storage, image_id)
    if pending:
        incoming_storage().delete(pending)
