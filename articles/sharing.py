"""The one place where discovery surfaces read a story's hero picture.

Feeds (enclosures), page metadata (Open Graph, JSON-LD) and the ninjs API (associations) all
call `hero_image()`: the image library's largest rendition up to `SHARE_WIDTH` in the fallback
format (JPEG, or PNG for transparent pictures), which every feed reader and social card
understands. The story's own caption overrides the library caption.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import Article

# Social cards and feed readers want about 1200 px; 1280 is the nearest rendition width.
SHARE_WIDTH = 1280


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
    """The story's hero picture, or None when it has none or its upload is not processed yet
    (uses the joined image row)."""
    image = article.hero_image
    if image is None:
        return None
    picked = image.pick(SHARE_WIDTH)
    if picked is None:
        return None
    return HeroImage(
        url=picked.url,
        width=picked.width,
        height=picked.height,
        alt=image.alt_text,
        caption=article.hero_caption_text,
        credit=image.credit,
        content_type=picked.content_type,
    )


def hero_image_size(article: Article) -> int | None:
    """The shared file's size in bytes (for feed enclosures), None when unknown."""
    hero = hero_image(article)
    if hero is None:
        return None
    assert article.hero_image is not None  # hero_image() found it
    storage = article.hero_image.file.storage
    name = hero.url.removeprefix(storage.base_url) if hasattr(storage, "base_url") else None
    try:
        return storage.size(name) if name else None
    except (OSError, ValueError, NotImplementedError):
        return None
