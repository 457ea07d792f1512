"""Moving the foundation's plain image fields (Article.hero_*, Writer.photo*) into the image
library. Called by articles/migrations/0004_images_hero_image.py and
writers/migrations/0002_images_photo.py with historical models, so only plain field access.

Each distinct stored file becomes one library Image that points at the same file (nothing is
copied or re-encoded; `manage.py make_renditions` makes the renditions afterwards). A story's
caption moves to the image; when several stories shared a file with different captions, the
later ones keep theirs as the story's own caption.
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def _inspect(storage, name: str, width: int | None, height: int | None) -> dict:
    """Dimensions as shown (EXIF orientation applied), transparency and content hash; the
    stored dimensions when the file cannot be read."""
    facts = {"width": width or 1, "height": height or 1, "sha256": "", "transparent": False}
    try:
        with storage.open(name, "rb") as handle:
            data = handle.read()
        picture = PILImage.open(io.BytesIO(data))
        w, h = picture.size
        if picture.getexif().get(0x0112) in ROTATED:
            w, h = h, w
        facts.update(
            width=w,
            height=h,
            sha256=hashlib.sha256(data).hexdigest(),
            transparent=picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info,
        )
    except (OSError, UnidentifiedImageError, ValueError):
        pass
    return facts


def library_image(Image, name: str, *, width=None, height=None, **text):
    """The library Image for a stored file: the existing one, or a new one. Blank alt text,
    caption or credit on an existing image are filled from `text`."""
    image = Image.objects.filter(file=name).order_by("pk").first()
    if image is None:
        storage = Image._meta.get_field("file").storage
        facts = _inspect(storage, name, width, height)
        return Image.objects.create(file=name, **facts, **text)
    changed = [field for field, value in text.items() if value and not getattr(image, field)]
    for field in changed:
        setattr(image, field, text[field])
    if changed:
        image.save(update_fields=changed)
    return image


def move_article_heroes(Article, Image) -> int:
    moved = 0
    for article in Article.objects.exclude(hero_file="").order_by("pk").iterator():
        image = library_image(
            Image,
            article.hero_file.name,
            width=article.hero_width,
            height=article.hero_height,
            alt_text=article.hero_alt,
            caption=article.hero_caption,
            credit=article.hero_credit,
        )
        article.hero_image = image
        if article.hero_caption == image.caption:
            article.hero_caption = ""  # the image carries it now
        article.save(update_fields=["hero_image", "hero_caption"])
        moved += 1
    return moved


def restore_article_heroes(Article, Image) -> None:
    for article in Article.objects.exclude(hero_image=None).select_related("hero_image"):
        image = article.hero_image
        article.hero_file = image.file.name
        article.hero_width, article.hero_height = image.width, image.height
        article.hero_alt, article.hero_credit = image.alt_text[:250], image.credit
        article.hero_caption = article.hero_caption or image.caption
        article.save()


def move_writer_photos(Writer, Image) -> int:
    moved = 0
    for writer in Writer.objects.exclude(photo_file="").order_by("pk").iterator():
        writer.photo = library_image(
            Image,
            writer.photo_file.name,
            width=writer.photo_width,
            height=writer.photo_height,
            alt_text=f"Portrait of {writer.name}"[:250],
            credit="",
        )
        writer.save(update_fields=["photo"])
        moved += 1
    return moved


def restore_writer_photos(Writer, Image) -> None:
    for writer in Writer.objects.exclude(photo=None).select_related("photo"):
        writer.photo_file = writer.photo.file.name
        writer.photo_width, writer.photo_height = writer.photo.width, writer.photo.height
        writer.save()


def check_constraints_now(schema_editor) -> None:
    """PostgreSQL refuses to ALTER a table with deferred foreign-key checks pending in the same
    transaction; checking each statement at once lets the migration drop the old columns."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
