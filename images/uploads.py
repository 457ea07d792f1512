"""Checking and cleaning an uploaded picture before it is shown.

Two steps, because the second can take seconds (re-encoding a 49-megapixel PNG took 11 s):

1. `check_upload()`, in the upload request, decodes no pixel: the upload must open and verify
   as a JPEG, PNG, WebP or GIF image whose file name extension matches its real format, within
   a maximum file size and pixel count (a small file that claims huge dimensions, a
   "decompression bomb", is refused from its header). It answers in milliseconds whatever the
   size; the upload is then kept, as received, in the private "incoming" storage.
2. `clean_upload()`, in the background worker (images/tasks.py), checks again and re-encodes the
   file from its pixels: EXIF orientation is applied and all metadata (GPS position, camera
   serial numbers, comments) is left behind; only the colour profile is kept. GIFs are stored
   as PNG stills. Only this file is ever served.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
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
ORIENTATION = 0x0112
ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks that decode no pixel, with what its header says."""

    upload: UploadedFile
    file_name: str  # a slug of the uploaded name, with the extension of its real format
    width: int  # as shown: EXIF orientation applied
    height: int
    transparent: bool


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int
    transparent: bool
    sha256: str


def check_upload(
    upload: UploadedFile, *, max_bytes: int | None = None, max_pixels: int | None = None
) -> CheckedUpload:
    """Check an uploaded file without decoding its pixels (milliseconds, whatever its size), or
    raise ValidationError with a message for the person who uploaded it."""
    header = _probe(upload, max_bytes, max_pixels)
    width, height = header.size
    if _orientation(header) in ROTATED:
        width, height = height, width
    name = PurePath(upload.name or "")
    return CheckedUpload(
        upload=upload,
        file_name=f"{_slug(name.stem)}.{name.suffix.lower().lstrip('.')}",
        width=width,
        height=height,
        transparent=header.mode in ("RGBA", "LA", "PA") or "transparency" in header.info,
    )


def clean_upload(upload, *, max_bytes: int | None = None, max_pixels: int | None = None):
    """Check an uploaded file and return it re-encoded without metadata, or raise
    ValidationError with a message for the person who uploaded it. Decodes every pixel: the
    worker's part (seconds for a large picture), never the upload request's."""
    header = _probe(upload, max_bytes, max_pixels)
    _, stored_format, stored_extension = FORMATS[header.format]
    picture = _decode(upload)
    return _reencode(picture, PurePath(upload.name).stem, stored_format, stored_extension)


@dataclass(frozen=True)
class _Header:
    format: str
    mode: str
    info: dict
    size: tuple[int, int]


def _probe(upload, max_bytes: int | None, max_pixels: int | None) -> _Header:
    """The upload opened from its header (size, pixel count, format, extension) and verified
    (a truncated or corrupt file fails here), with no pixel decoded."""
    max_bytes = max_bytes or settings.NEWSROOM_IMAGE_MAX_BYTES
    max_pixels = max_pixels or settings.NEWSROOM_IMAGE_MAX_PIXELS
    if upload.size > max_bytes:
        raise ValidationError(
            gettext(
                "The file is %(size)s; the limit is %(limit)s. Export a smaller version of the "
                "picture."
            )
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            upload.seek(0)
            probe = PILImage.open(upload, formats=list(FORMATS))
            width, height = probe.size
            if width * height > max_pixels:
                raise _bomb(width, height, max_pixels)
            # Opened with formats=FORMATS, so Pillow named one of them.
            header = (probe.format or "", probe.mode, dict(probe.info))
            probe.verify()  # a truncated or corrupt file fails here, before decoding
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _bomb(None, None, max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _not_an_image() from None
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    accepted, _, stored_extension = FORMATS[header[0]]
    if extension not in accepted:
        raise ValidationError(
            gettext(
                "The file is named .%(extension)s but it is a %(format)s image. Give it a "
                ".%(right)s name, or export it again."
            )
            % {
                "extension": extension or gettext("(no extension)"),
                "format": probe.format,
                "right": stored_extension,
            },
            code="wrong_extension",
        )
    upload.seek(0)
    return _Header(*header, size=(width, height))


def _decode(upload) -> PILImage.Image:
    try:
        upload.seek(0)
        picture = PILImage.open(upload, formats=list(FORMATS))
        picture.load()
    except (PILImage.DecompressionBombError, UnidentifiedImageError, OSError, SyntaxError,
            ValueError, EOFError):  # fmt: skip
        raise _not_an_image() from None
    return picture


def _orientation(header: _Header) -> int:
    """The EXIF orientation the header carries (1, upright, when none): read from the raw EXIF
    bytes, since asking Pillow for a PNG's EXIF would decode the whole picture."""
    raw = header.info.get("exif")
    if not raw:
        return 1
    exif = PILImage.Exif()
    try:
        exif.load(raw)
    except (SyntaxError, ValueError, OSError, struct.error):
        return 1
    return exif.get(ORIENTATION, 1)


def _not_an_image() -> ValidationError:
    return ValidationError(
        gettext(
            "This file is not a picture Newsroom can use. Upload a JPEG, PNG, WebP or GIF image."
        ),
        code="not_an_image",
    )


def _slug(stem: str) -> str:
    return slugify_vi(stem)[:80] or "image"


def _bomb(width: int | None, height: int | None, max_pixels: int) -> ValidationError:
    limit = f"{max_pixels / 1e6:g}"
    if width and height:
        message = gettext(
            "The picture is %(width)s×%(height)s pixels (%(megapixels)s megapixels); the limit "
            "is %(limit)s megapixels. Export a smaller version."
        ) % {
            "width": width,
            "height": height,
            "megapixels": f"{width * height / 1e6:.1f}",
            "limit": limit,
        }
    else:
        message = gettext(
            "The picture has more pixels than we can safely open; the limit is %(limit)s "
            "megapixels. Export a smaller version."
        ) % {"limit": limit}
    return ValidationError(
        message,
        code="too_many_pixels",
    )


def _reencode(picture: PILImage.Image, stem: str, fmt: str, extension: str) -> CleanImage:
    try:
        return _write(picture, stem, fmt, extension)
    except (OSError, ValueError):
        raise ValidationError(
            gettext(
                "This picture cannot be converted. Export it again as an ordinary JPEG, PNG, "
                "WebP or GIF image (8-bit RGB)."
            ),
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
    name = f"{_slug(stem)}.{extension}"
    return CleanImage(
        content=ContentFile(data, name=name),
        width=picture.width,
        height=picture.height,
        transparent=target_mode == "RGBA",
        sha256=hashlib.sha256(data).hexdigest(),
    )
