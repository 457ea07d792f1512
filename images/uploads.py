"""Checking and cleaning an uploaded picture before it is stored.

An upload must open and verify as a JPEG, PNG, WebP or GIF image whose file name extension
matches its real format, within a maximum file size and pixel count (a small file that claims
huge dimensions, a "decompression bomb", is refused from its header before any pixel is
decoded). The stored file is re-encoded from the pixels: EXIF orientation is applied and all
metadata (GPS position, camera serial numbers, comments) is left behind; only the colour profile
is kept. GIFs are stored as PNG stills.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from core.text import slugify_vi

# Pillow format -> (accepted extensions, stored format, stored extension)
FORMATS = {
    "JPEG": ({"jpg", "jpeg", "jpe"}, "JPEG", "jpg"),
    "PNG": ({"png"}, "PNG", "png"),
    "WEBP": ({"webp"}, "WEBP", "webp"),
    "GIF": ({"gif"}, "PNG", "png"),
}
ACCEPTED = "JPEG, PNG, WebP or GIF"


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int
    transparent: bool
    sha256: str


def clean_upload(upload, *, max_bytes: int | None = None, max_pixels: int | None = None):
    """Check an uploaded file and return it re-encoded without metadata, or raise
    ValidationError with a message for the person who uploaded it."""
    max_bytes = max_bytes or settings.NEWSROOM_IMAGE_MAX_BYTES
    max_pixels = max_pixels or settings.NEWSROOM_IMAGE_MAX_PIXELS
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}; the limit is "
            f"{filesizeformat(max_bytes)}. Export a smaller version of the picture.",
            code="too_large",
        )
    picture = _open(upload, max_pixels)
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    accepted, stored_format, stored_extension = FORMATS[picture.format]
    if extension not in accepted:
        raise ValidationError(
            f"The file is named .{extension or '(no extension)'} but it is a "
            f"{picture.format} image. Give it a .{stored_extension} name, or export it again.",
            code="wrong_extension",
        )
    return _reencode(picture, PurePath(upload.name).stem, stored_format, stored_extension)


def _open(upload, max_pixels: int) -> PILImage.Image:
    not_an_image = ValidationError(
        f"This file is not a picture Newsroom can use. Upload a {ACCEPTED} image.",
        code="not_an_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            upload.seek(0)
            probe = PILImage.open(upload, formats=list(FORMATS))
            width, height = probe.size
            if width * height > max_pixels:
                raise _bomb(width, height, max_pixels)
            probe.verify()  # a truncated or corrupt file fails here, before decoding
            upload.seek(0)
            picture = PILImage.open(upload, formats=list(FORMATS))
            picture.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _bomb(None, None, max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise not_an_image from None
    return picture


def _bomb(width: int | None, height: int | None, max_pixels: int) -> ValidationError:
    limit = f"{max_pixels / 1e6:g} megapixels"
    if width and height:
        found = f"is {width}×{height} pixels ({width * height / 1e6:.1f} megapixels)"
    else:
        found = "has more pixels than we can safely open"
    return ValidationError(
        f"The picture {found}; the limit is {limit}. Export a smaller version.",
        code="too_many_pixels",
    )


def _reencode(picture: PILImage.Image, stem: str, fmt: str, extension: str) -> CleanImage:
    try:
        return _write(picture, stem, fmt, extension)
    except (OSError, ValueError):
        raise ValidationError(
            f"This picture cannot be converted. Export it again as an ordinary {ACCEPTED} "
            "image (8-bit RGB).",
            code="not_an_image",
        ) from None


def _write(picture: PILImage.Image, stem: str, fmt: str, extension: str) -> CleanImage:
    icc_profile = picture.info.get("icc_profile")
    picture = ImageOps.exif_transpose(picture)
    transparent = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    target_mode = "RGBA" if transparent and fmt != "JPEG" else "RGB"
    if picture.mode != target_mode:
        icc_profile = None  # a CMYK or grey profile would be wrong on the converted pixels
        picture = picture.convert(target_mode)
    # Only what is passed here is written: no EXIF (GPS, camera), no XMP, no comments.
    options: dict = {"exif": b""}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if fmt == "JPEG":
        options.update(quality=90, optimize=True, progressive=True)
    elif fmt == "WEBP":
        options.update(quality=90, method=4)
    picture.info = {}
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    data = buffer.getvalue()
    name = f"{slugify_vi(stem)[:80] or 'image'}.{extension}"
    return CleanImage(
        content=ContentFile(data, name=name),
        width=picture.width,
        height=picture.height,
        transparent=target_mode == "RGBA",
        sha256=hashlib.sha256(data).hexdigest(),
    )
