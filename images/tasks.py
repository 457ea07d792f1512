"""The image library's background work (background/tasks.py): cleaning an upload and making its
renditions, out of the request that saved it."""

from __future__ import annotations

from background.tasks import background_task, enqueue_on_commit
from images import services
from images.models import Image


@background_task(attempts=4, on_give_up=services.record_failure)
def process_image(image_id: int) -> str:
    """Clean the image's waiting upload, if any, and make its renditions. Tried four times in
    all (a storage outage passes); then the image's admin page shows the error."""
    return services.process(image_id)


def process_after_commit(image: Image) -> None:
    """Queue the image's processing once the saving transaction commits, if it needs any."""
    if services.needs_processing(image):
        enqueue_on_commit(process_image, image.pk)
