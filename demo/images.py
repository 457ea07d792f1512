"""Demo illustrations drawn with Pillow, so the demo needs no downloads."""

from __future__ import annotations

import io
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

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
SIZE = (1280, 720)


def _draw(top: tuple[int, int, int], bottom: tuple[int, int, int], seed: int) -> bytes:
    image = Image.new("RGB", SIZE, top)
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
    draw.ellipse([width * 0.7, height * 0.12, width * 0.7 + 120, height * 0.12 + 120], fill=bottom)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def ensure_illustrations() -> list[tuple[str, str]]:
    """Store one illustration per palette (once) and return [(storage name, palette name)]."""
    stored = []
    for index, (name, top, bottom) in enumerate(PALETTES):
        path = f"demo/illustration-{name}.jpg"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(_draw(top, bottom, seed=index)))
        stored.append((path, name))
    return stored
