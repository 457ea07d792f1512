from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q

from background.tasks import enqueue
from images.models import Image
from images.services import process
from images.tasks import process_image


class Command(BaseCommand):
    help = (
        "Clean the uploads still waiting and make the missing renditions of library images: "
        "after the migration from the plain image fields, a storage move, a change of "
        "rendition settings, or a time without a worker. Safe to run again. With --enqueue, "
        "queue the work for the background workers instead of doing it here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="Only these images (default: all).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue one task per image for the workers."
        )

    def handle(self, *args, ids: list[int], **options) -> None:
        images = Image.objects.order_by("pk")
        if ids:
            images = images.filter(pk__in=ids)
        if options["enqueue"]:
            self._enqueue(images)
            return
        done = failed = 0
        for image in images.only("pk").iterator():
            try:
                outcome = process(image.pk)
            except (OSError, ValueError) as error:
                failed += 1
                self.stderr.write(f"Image {image.pk}: {error}")
                continue
            if outcome != "Nothing to do.":
                done += 1
                self.stdout.write(f"Image {image.pk}: {outcome}")
        self.stdout.write(f"Processed {done} image(s); {failed} could not be read.")
        if failed:
            raise SystemExit(1)

    def _enqueue(self, images) -> None:
        # Every image waiting for its upload to be cleaned, and every one with a file: whether
        # its renditions are current is the task's question (a cheap one when they are).
        queued = sum(
            enqueue(process_image, pk) is not None
            for pk in images.filter(~Q(pending_upload="") | ~Q(file="")).values_list(
                "pk", flat=True
            )
        )
        self.stdout.write(f"Queued {queued} image(s) for the background workers.")
