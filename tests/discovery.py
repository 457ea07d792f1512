"""Shared pieces for the discovery tests (search, feeds, sitemaps, metadata, ninjs).

`hero_fields()` is the one place these tests give a story a hero picture (a library image with
its renditions).
"""

from __future__ import annotations

from datetime import UTC, datetime

from articles.models import Article, Byline
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, WriterFactory

PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def hero_fields() -> dict:
    image = ImageFactory(
        alt_text="A missile launcher at dusk", caption="An ATACMS launch.", credit="Photo: Reuters"
    )
    return {"hero_image": image}


def full_story(**overrides) -> Article:
    """A live story with everything the discovery surfaces map: kicker, dateline, two bylines
    (a reporter and a translator), tags and a hero picture."""
    reporter = WriterFactory(name="Thanh Hà", job_title="Reporter, world desk")
    translator = WriterFactory(name="Nguyễn Văn Đức")
    fields = {
        "headline": "US allows Ukraine to attack Russia with long-range missiles",
        "kicker": "Russia-Ukraine conflict",
        "lead": "US President Joe Biden has for the first time allowed Ukraine to use ATACMS.",
        "body": "<p>The information was revealed by US officials in Đà Nẵng.</p>",
        "dateline": "Washington",
        "section": SectionFactory(name="World", slug="world"),
        "status": "published",
        "publish_at": datetime(2024, 11, 18, 2, 30, tzinfo=UTC),
        "writers": [reporter],
        "tags": ["Ukraine", "Đà Nẵng"],
        **hero_fields(),
    }
    fields.update(overrides)
    article = ArticleFactory(**fields)
    Byline.objects.create(article=article, writer=translator, role="translator", position=1)
    return article
