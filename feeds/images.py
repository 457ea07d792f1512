"""The one place where discovery surfaces read a story's hero picture.

Feeds (enclosures), page metadata (Open Graph, JSON-LD) and the ninjs API (associations) all
call `hero_image()`; when the picture moves to another model only this function changes.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from articles.models import Article


@dataclass(frozen=True)
class HeroImage:
    url: str  # as stored: relative to the site (MEDIA_URL) or absolute (object storage)
    width: int | None
    height: int | None
    alt: str
    caption: str
    credit: str
    content_type: str


def hero_image(article: Article) -> HeroImage | None:
    """The story's hero picture, or None when it has none."""
    if not article.hero_image:
        return None
    content_type = mimetypes.guess_type(article.hero_image.name)[0] or "image/jpeg"
    return HeroImage(
        url=article.hero_image.url,
        width=article.hero_width,
        height=article.hero_height,
        alt=article.hero_alt,
        caption=article.hero_caption,
        credit=article.hero_credit,
        content_type=content_type,
    )


def hero_image_size(article: Article) -> int | None:
    """The hero file's size in bytes (for feed enclosures), None when unknown."""
    if not article.hero_image:
        return None
    try:
        return article.hero_image.size
    except (OSError, ValueError):
        return None
