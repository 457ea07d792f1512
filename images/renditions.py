"""Renditions: the sizes, formats and crops pages use, made once with Pillow and stored.

Names are deterministic, `renditions/<image id>/<key>/<crop>-<width>.<ext>`, where the key is a
hash of the file's content and the focal point. A page therefore builds every URL from the Image
row alone (no Rendition table to prefetch, no storage call while rendering), and a new file or a
moved focal point gets new names, so a stale rendition is never served; the old set is deleted
once the new one is complete.

Renditions are made when an image is saved (`ensure_renditions`), never while a page renders. The
row's `renditions_key` is set only after the whole set is stored, so a page shows either a
complete set or, until then, the original file. Two workers making the same set write identical
bytes; each file is written under a temporary name and moved into place atomically (local disk)
or put in one request (object stores), so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import mimetypes
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.functional import LazyObject, empty
from PIL import Image as PILImage
from PIL import ImageOps

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile


class Picture(Protocol):
    """What the rendition code reads of a library picture: an `images.models.Image`, or the
    `ImageRow` a story card reads. (A protocol, not an import: images/models.py imports this
    module.)"""

    @property
    def pk(self) -> Any: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def transparent(self) -> bool: ...
    @property
    def sha256(self) -> str: ...
    @property
    def focal_x(self) -> float: ...
    @property
    def focal_y(self) -> float: ...
    @property
    def renditions_key(self) -> str: ...
    @property
    def file_name(self) -> str: ...
    @property
    def has_renditions(self) -> bool: ...


class StoredPicture(Picture, Protocol):
    """A picture with its stored file: an `images.models.Image`."""

    @property
    def file(self) -> FieldFile: ...


# Bump when the encoding below changes, so every image gets a fresh set.
VERSION = 1
WIDTHS = (320, 640, 960, 1280, 1920)
# Crop name -> aspect ratio (width, height); None keeps the picture's own shape.
CROPS: dict[str, tuple[int, int] | None] = {"full": None, "wide": (16, 9), "square": (1, 1)}
# Portraits are shown small: no square rendition wider than this.
MAX_WIDTH = {"square": 960}
WEBP_QUALITY = 80
# libwebp effort 0-6: 2 encodes faster than the default 4 for files about 2 % larger
# (docs/images.md has the figures).
WEBP_METHOD = 2
JPEG_QUALITY = 82
MIME = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSION = {"webp": "webp", "jpeg": "jpg", "png": "png"}


@lru_cache(maxsize=4096)
def key_for(identity: str, focal_x: float, focal_y: float) -> str:
    text = f"{VERSION}|{identity}|{focal_x:.4f}|{focal_y:.4f}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def current_key(image: Picture) -> str:
    """The key of the rendition set an image needs now: it changes whenever the file or the
    focal point changes, so stale renditions are never served (their names no longer match)."""
    return key_for(image.sha256 or image.file_name, image.focal_x, image.focal_y)


def has_current(image: Picture) -> bool:
    """Whether the rendition set the image records is the one it needs now."""
    return bool(image.renditions_key) and image.renditions_key == current_key(image)


def crop_box(
    width: int, height: int, ratio: tuple[int, int] | None, focal_x: float, focal_y: float
) -> tuple[int, int, int, int]:
    """The largest box of `ratio` inside the picture, centred on the focal point as far as the
    edges allow."""
    if ratio is None:
        return (0, 0, width, height)
    rw, rh = ratio
    crop_w = min(width, round(height * rw / rh))
    crop_h = min(height, round(crop_w * rh / rw))
    left = round(focal_x * width - crop_w / 2)
    top = round(focal_y * height - crop_h / 2)
    left = max(0, min(left, width - crop_w))
    top = max(0, min(top, height - crop_h))
    return (left, top, left + crop_w, top + crop_h)


@dataclass(frozen=True)
class Rendition:
    crop: str
    width: int
    height: int
    fmt: str

    def name(self, image_id: int, key: str) -> str:
        return f"{folder(image_id)}/{key}/{self.file_name}"

    @property
    def file_name(self) -> str:
        return f"{self.crop}-{self.width}.{EXTENSION[self.fmt]}"


def folder(image_id: int) -> str:
    return f"renditions/{image_id}"


def widths_for(crop: str, source_width: int) -> list[int]:
    """The fixed widths up to the source's (never upscaled); a picture narrower than the
    smallest width gets one rendition at its own width."""
    limit = min(source_width, MAX_WIDTH.get(crop, WIDTHS[-1]))
    return [w for w in WIDTHS if w <= limit] or [source_width]


def effective_crop(crop: str, width: int, height: int) -> str:
    """A crop that would keep the whole picture (a 16:9 photo cropped to 16:9) is the same as
    "full": its renditions are shared instead of made twice."""
    ratio = CROPS[crop]
    if ratio is not None and crop_box(width, height, ratio, 0.5, 0.5) == (0, 0, width, height):
        return "full"
    return crop


@lru_cache(maxsize=4096)
def plan(
    width: int, height: int, focal_x: float, focal_y: float, transparent: bool
) -> tuple[Rendition, ...]:
    """Every rendition of a picture of this size, focal point and transparency (a pure
    function, worked out once per shape: pages and feeds ask for it for every picture)."""
    fallback = "png" if transparent else "jpeg"
    planned = []
    for crop, ratio in CROPS.items():
        if effective_crop(crop, width, height) != crop:
            continue
        left, top, right, bottom = crop_box(width, height, ratio, focal_x, focal_y)
        crop_w, crop_h = right - left, bottom - top
        for w in widths_for(crop, crop_w):
            h = max(1, round(w * crop_h / crop_w))
            planned += [Rendition(crop, w, h, "webp"), Rendition(crop, w, h, fallback)]
    return tuple(planned)


def image_plan(image: StoredPicture) -> tuple[Rendition, ...]:
    return plan(image.width, image.height, image.focal_x, image.focal_y, image.transparent)


# --- Making them ------------------------------------------------------------------------------


def encode(picture: PILImage.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "webp":
        picture.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    elif fmt == "jpeg":
        picture.convert("RGB").save(
            buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
    else:
        picture.save(buffer, "PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def needed_scale(image: StoredPicture) -> float:
    """The smallest fraction of the source's size that still gives every rendition enough
    pixels: a 4000 px JPEG whose largest rendition is 1920 px needs only half."""
    scale = 0.0
    for rendition in image_plan(image):
        box = crop_box(image.width, image.height, CROPS[rendition.crop], image.focal_x,
                       image.focal_y)  # fmt: skip
        scale = max(scale, rendition.width / (box[2] - box[0]))
    return min(1.0, scale)


def open_source(image: StoredPicture, scale: float = 1.0) -> PILImage.Image:
    """The stored file, upright, in RGB or RGBA; a JPEG is decoded straight at a reduced size
    when `scale` allows (libjpeg's DCT scaling: several times faster than decoding it whole)."""
    # A handle of its own from the storage, not the model's shared FieldFile: two workers
    # holding the same instance must not move each other's read position.
    with image.file.storage.open(image.file_name, "rb") as handle:
        picture: PILImage.Image = PILImage.open(handle)
        if scale < 1 and picture.format == "JPEG":
            width, height = picture.size
            picture.draft(picture.mode, (math.ceil(width * scale), math.ceil(height * scale)))
        picture.load()
    picture = ImageOps.exif_transpose(picture)
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    return picture.convert("RGBA" if has_alpha else "RGB")


def generate(image: StoredPicture, key: str) -> list[str]:
    """Store every rendition of the current file and focal point under `key`; return names.
    A rendition already stored (by an earlier or a concurrent run) is not made again."""
    storage = image.file.storage
    planned = [(r, r.name(image.pk, key)) for r in image_plan(image)]
    missing = [(r, name) for r, name in planned if not storage.exists(name)]
    if missing:
        source = open_source(image, needed_scale(image))
        factor = source.width / image.width  # the decoded size may be a fraction
        sized, sized_for = source, None
        for rendition, name in missing:
            if sized_for != (rendition.crop, rendition.width):
                box = crop_box(image.width, image.height, CROPS[rendition.crop], image.focal_x,
                               image.focal_y)  # fmt: skip
                sized = source.resize(
                    (rendition.width, rendition.height),
                    PILImage.Resampling.LANCZOS,
                    box=(box[0] * factor, box[1] * factor, box[2] * factor, box[3] * factor),
                    reducing_gap=3.0,
                )
                sized_for = (rendition.crop, rendition.width)
            store_atomically(storage, name, encode(sized, rendition.fmt))
    return [name for _, name in planned]


def store_atomically(storage: Storage, name: str, data: bytes) -> None:
    """Write `data` at exactly `name` so that a reader sees the old file, no file, or all of
    the new one: on local disk through a temporary name and an atomic rename; on an object
    store in one PUT (which is atomic)."""
    try:
        final_path = storage.path(name)
    except NotImplementedError:
        saved = storage.save(name, ContentFile(data))
        if saved != name:  # the store keeps names unique and another worker was first
            storage.delete(saved)
        return
    temporary = storage.save(f"{name}.{uuid.uuid4().hex}.tmp", ContentFile(data))
    os.replace(storage.path(temporary), final_path)


def delete_stale(storage: Storage, image_id: int, keep: str = "") -> None:
    """Remove every rendition set of an image except `keep`."""
    base = folder(image_id)
    try:
        keys, _ = storage.listdir(base)
    except FileNotFoundError:
        return
    for key in keys:
        if key == keep:
            continue
        _, files = storage.listdir(f"{base}/{key}")
        for file_name in files:
            storage.delete(f"{base}/{key}/{file_name}")
        if hasattr(storage, "path"):
            with contextlib.suppress(NotImplementedError, OSError):
                os.rmdir(storage.path(f"{base}/{key}"))


# --- Using them -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sources:
    """What a <picture> element needs for one crop of one image."""

    src: str
    width: int
    height: int
    webp_srcset: str = ""
    fallback_srcset: str = ""
    fallback_type: str = ""


def sources_for(image: Picture, crop: str) -> Sources:
    if crop not in CROPS:
        raise ValueError(f"Unknown crop {crop!r}; use one of {', '.join(CROPS)}")
    storage = image_storage()
    if not image.has_renditions:
        return Sources(src=storage.url(image.file_name), width=image.width, height=image.height)
    shape = (image.width, image.height, image.focal_x, image.focal_y, image.transparent, crop)
    if isinstance(storage, FileSystemStorage) and storage.base_url.endswith("/"):
        # Local disk: the URLs are the base URL and the names (URL-safe characters only), so
        # one picture's sources are a pure function of its row, worked out once per process.
        base = f"{storage.base_url}{folder(image.pk)}/{image.renditions_key}/"
        return _local_sources(base, shape)
    # Elsewhere (object storage) the storage decides the URLs, e.g. signed ones that expire.
    prefix = f"{folder(image.pk)}/{image.renditions_key}/"
    return _sources(lambda name: storage.url(prefix + name), shape)


def image_storage() -> Storage:
    """The library's storage itself: not through an image's FieldFile (an object per card),
    nor through `default_storage`'s lazy proxy (each attribute read through it cost more than
    the rest of sources_for)."""
    storage = _file_field().storage
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        return storage._wrapped
    return storage


@lru_cache(maxsize=1)
def _file_field() -> Any:
    """Image.file, found once through the app registry: not an import, as images/models.py
    imports this module."""
    return apps.get_model("images", "Image")._meta.get_field("file")


@lru_cache(maxsize=8192)
def _local_sources(base: str, shape: tuple) -> Sources:
    return _sources(lambda name: base + name, shape)


def _sources(url: Callable[[str], str], shape: tuple) -> Sources:
    webp, fallback = _layout(*shape)

    def srcset(items: tuple[Rendition, ...]) -> str:
        return ", ".join(f"{url(r.file_name)} {r.width}w" for r in items)

    # The src for browsers without srcset: a mid-sized fallback; width/height give the ratio.
    middle = fallback[min(1, len(fallback) - 1)]
    return Sources(
        src=url(middle.file_name),
        width=fallback[-1].width,
        height=fallback[-1].height,
        webp_srcset=srcset(webp),
        fallback_srcset=srcset(fallback),
        fallback_type=MIME[fallback[0].fmt],
    )


@lru_cache(maxsize=4096)
def _layout(
    width: int, height: int, focal_x: float, focal_y: float, transparent: bool, crop: str
) -> tuple[tuple[Rendition, ...], tuple[Rendition, ...]]:
    """One crop's WebP and fallback renditions: a pure function of the picture's size, focal
    point and transparency, worked out once per shape rather than for every card rendered."""
    crop = effective_crop(crop, width, height)
    ours = [r for r in plan(width, height, focal_x, focal_y, transparent) if r.crop == crop]
    return (
        tuple(r for r in ours if r.fmt == "webp"),
        tuple(r for r in ours if r.fmt != "webp"),
    )


@dataclass(frozen=True)
class Picked:
    """One file to point at: a rendition, or the original while renditions are not made."""

    url: str
    width: int
    height: int
    content_type: str


def pick(image: StoredPicture, width: int, crop: str, fmt: str | None) -> Picked | None:
    """The largest rendition no wider than `width` (or the smallest one) in `fmt` (default:
    the fallback format), with its size; the original file while renditions are not made;
    None while there is no cleaned file."""
    if not image.file.name:
        return None
    if not image.has_renditions:
        content_type = mimetypes.guess_type(image.file.name)[0] or "image/jpeg"
        return Picked(image.file.url, image.width, image.height, content_type)
    crop = effective_crop(crop, image.width, image.height)
    ours = [r for r in image_plan(image) if r.crop == crop]
    if fmt is not None:
        ours = [r for r in ours if r.fmt == fmt]
    else:
        ours = [r for r in ours if r.fmt != "webp"]
    if not ours:
        raise ValueError(f"No {fmt} renditions of crop {crop!r} for this image")
    chosen = ([r for r in ours if r.width <= width] or ours[:1])[-1]
    url = image.file.storage.url(chosen.name(image.pk, image.renditions_key))
    return Picked(url, chosen.width, chosen.height, MIME[chosen.fmt])


def url_for(image: StoredPicture, width: int, crop: str, fmt: str | None) -> str:
    picked = pick(image, width, crop, fmt)
    return picked.url if picked else ""
