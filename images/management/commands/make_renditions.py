from django.core.management.base import BaseCommand, CommandParser

from images.models import Image
from images.services import ensure_renditions


class Command(BaseCommand):
    help = (
        "Make the missing renditions of library images: after the migration from the plain "
        "image fields, a storage move, or a change of rendition settings. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="Only these images (default: all).")

    def handle(self, *args, ids: list[int], **options) -> None:
        images = Image.objects.order_by("pk")
        if ids:
            images = images.filter(pk__in=ids)
        made = failed = 0
        for image in images.iterator():
            try:
                made += ensure_renditions(image)
            except (OSError, ValueError) as error:
                failed += 1
                self.stderr.write(f"Image {image.pk} ({image.file.name}): {error}")
        self.stdout.write(f"Renditions made for {made} image(s); {failed} could not be read.")
        if failed:
            raise SystemExit(1)
