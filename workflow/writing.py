"""Writing aids in the story form: word count and reading time, and previews of the story as a
search result and as a social card, computed on the server from the saved story (and kept up to
date while typing by static/workflow/writing-aids.js, which counts the same way).

The previews use what the public page's metadata uses (seo/metadata.py): the title is the SEO
title or else the headline, the description the SEO description or else the lead, the card's
picture the hero image's share rendition (feeds/images.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import unescape

from django.conf import settings

from articles.body import split
from articles.models import Article
from articles.sharing import hero_image

# Reading speed for news on a screen, in words a minute (the figure behind most "n min read").
WORDS_PER_MINUTE = 230
# Search engines cut titles at about 60 characters and descriptions at about 160.
TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 160
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")


def count_words(body: str) -> int:
    """Words in the body's text: paragraphs, headings, lists, quotes. Pictures and embeds
    count for nothing (neither their captions nor their addresses)."""
    text = " ".join(str(part.html) for part in split(body or "").parts if part.kind == "html")
    # Every tag is a word boundary ("end.</p><p>Next" is two words).
    return len(_WORD.findall(unescape(_TAG.sub(" ", text))))


def reading_minutes(words: int) -> int:
    return math.ceil(words / WORDS_PER_MINUTE) if words else 0


@dataclass
class Aids:
    words: int
    minutes: int
    title: str
    description: str
    url: str  # the story's path ("" before its first save)
    image_url: str
    image_alt: str
    site_name: str

    @property
    def title_length(self) -> int:
        return len(self.title)

    @property
    def title_too_long(self) -> bool:
        return self.title_length > TITLE_LIMIT

    @property
    def description_length(self) -> int:
        return len(self.description)

    @property
    def description_too_long(self) -> bool:
        return self.description_length > DESCRIPTION_LIMIT

    title_limit = TITLE_LIMIT
    description_limit = DESCRIPTION_LIMIT


def aids_for(article: Article) -> Aids:
    words = count_words(article.body)
    # The path; the page's script puts the site's address in front.
    url = article.get_absolute_url() if article.pk and article.section_id else ""
    image = hero_image(article) if article.hero_image_id else None
    return Aids(
        words=words,
        minutes=reading_minutes(words),
        title=article.seo_title or article.headline,
        description=article.seo_description or article.lead,
        url=url,
        image_url=image.url if image else "",
        image_alt=image.alt if image else "",
        site_name=settings.NEWSROOM_SITE_NAME,
    )
