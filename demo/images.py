"""Demo pictures drawn with Pillow, so the demo needs no downloads: one illustration per palette
and a portrait per writer, stored as library Images with their renditions."""

from __future__ import annotations

import hashlib
import io
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageDraw

from images.models import Image
from images.services import ensure_renditions

# (name, top colour, bottom colour): muted newspaper-graphic palettes.
PALETTES = [
    ("dusk", (28, 37, 65), (214, 112, 76)),
    ("sea", (12, 74, 110), (125, 196, 214)),
    ("rice", (46, 94, 52), (214, 201, 120)),
    ("city", (40, 40, 48), (176, 160, 150)),
    ("storm", (52, 62, 80), (150, 166, 184)),
    ("stadium", (20, 83, 45), (190, 220, 150)),
    ("lantern", (120, 24, 30), (240, 190, 90)),
    ("dawn", (70, 60, 120), (250, 200, 170)),
]
SIZE = (960, 540)  # enough for the 40rem story column; keeps `make run` quick
SUN = (0.7, 0.12, 120)  # left and top as fractions of the picture, diameter in pixels
PORTRAIT_SIZE = 400
CREDIT = "Graphic: Newsroom Daily"


def _jpeg(image: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def _draw(top: tuple[int, int, int], bottom: tuple[int, int, int], seed: int) -> bytes:
    image = PILImage.new("RGB", SIZE, top)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    for y in range(height):
        mix = y / (height - 1)
        colour = tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    rng = random.Random(seed)
    horizon = int(height * rng.uniform(0.55, 0.75))
    for _ in range(14):
        x = rng.randrange(0, width)
        w, h = rng.randrange(40, 160), rng.randrange(60, 320)
        shade = tuple(max(0, c - rng.randrange(40, 90)) for c in top)
        draw.rectangle([x, horizon - h, x + w, height], fill=shade)
    left, upper, diameter = width * SUN[0], height * SUN[1], SUN[2]
    draw.ellipse([left, upper, left + diameter, upper + diameter], fill=bottom)
    return _jpeg(image)


def _draw_portrait(colour: tuple[int, int, int]) -> bytes:
    size = PORTRAIT_SIZE
    image = PILImage.new("RGB", (size, size), (236, 232, 226))
    draw = ImageDraw.Draw(image)
    draw.ellipse([size * 0.3, size * 0.14, size * 0.7, size * 0.54], fill=colour)  # head
    draw.ellipse([size * 0.12, size * 0.6, size * 0.88, size * 1.3], fill=colour)  # shoulders
    return _jpeg(image)


def _library_image(path: str, draw, **fields) -> Image:
    """The library Image for a demo file: found by its file, or drawn, stored and created."""
    image = Image.objects.filter(file=path).first()
    if image is None:
        if default_storage.exists(path):
            with default_storage.open(path, "rb") as handle:
                data = handle.read()
        else:
            data = draw()
            path = default_storage.save(path, ContentFile(data))
        with PILImage.open(io.BytesIO(data)) as picture:
            width, height = picture.size
        image = Image.objects.create(
            file=path, width=width, height=height, sha256=hashlib.sha256(data).hexdigest(), **fields
        )
    ensure_renditions(image)
    return image


def ensure_illustrations() -> list[tuple[Image, str]]:
    """One library illustration per palette, with renditions: [(image, palette name)]."""
    sun_x = SUN[0] + SUN[2] / 2 / SIZE[0]
    sun_y = SUN[1] + SUN[2] / 2 / SIZE[1]
    stored = []
    for index, (name, top, bottom) in enumerate(PALETTES):
        image = _library_image(
            f"demo/illustration-{name}.jpg",
            lambda top=top, bottom=bottom, index=index: _draw(top, bottom, seed=index),
            alt_text=f"Illustration: an abstract cityscape in {name} colours",
            caption="Illustration for this story.",
            credit=CREDIT,
            focal_x=round(sun_x, 3),  # crops keep the sun in view
            focal_y=round(sun_y, 3),
        )
        stored.append((image, name))
    return stored


def ensure_portrait(name: str, slug: str, index: int) -> Image:
    colour = PALETTES[index % len(PALETTES)][1]
    return _library_image(
        f"demo/portrait-{slug}.jpg",
        lambda: _draw_portrait(colour),
        alt_text=f"Portrait of {name}",
        credit=CREDIT,
        focal_x=0.5,
        focal_y=0.35,
    )
