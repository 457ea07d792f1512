"""Every text an editor types is escaped on the public pages.

Story cards and pictures are written in Python (articles/html.py, images/html.py), not by the
template engine's autoescaping, so this checks each field they show on each page that shows
them: headline, lead, dateline, section, writer name and job title, tag, picture alt text,
caption and credit.
"""

import pytest

from tests.factories import ArticleFactory, ImageFactory, SectionFactory, WriterFactory
from tests.html import Page

pytestmark = pytest.mark.django_db

RAW = '<i>boom</i>"'
ESCAPED = "&lt;i&gt;boom&lt;/i&gt;"


def _hostile(field: str) -> str:
    return f"{field} {RAW}"


@pytest.fixture
def stories():
    section = SectionFactory(name=_hostile("Section"), slug="world")
    writer = WriterFactory(name=_hostile("Writer"), slug="thanh-ha", job_title=_hostile("Title"))
    picture = ImageFactory(
        alt_text=_hostile("Alt"), caption=_hostile("Caption"), credit=_hostile("Credit")
    )
    fields = {
        "section": section,
        "writers": [writer],
        "tags": [_hostile("Tag")],
        "hero_image": picture,
        "lead": _hostile("Lead"),
        "dateline": _hostile("Dateline"),
    }
    older = ArticleFactory(live=True, headline=_hostile("Older") + " flood", **fields)
    newer = ArticleFactory(live=True, headline=_hostile("Newer") + " flood", **fields)
    return older, newer


def _pages(older, newer) -> dict[str, str]:
    tag = older.tags.get()
    return {
        "home": "/",
        "section": "/world/",
        "tag": f"/tags/{tag.slug}/",
        "writer": "/writers/thanh-ha/",
        "article": newer.get_absolute_url(),  # its own fields, and the older one as a card
        "search": "/search/?q=flood",
    }


@pytest.mark.parametrize("page", ["home", "section", "tag", "writer", "article", "search"])
def test_typed_text_is_escaped_on_every_page(reader, stories, page):
    response = reader.get(_pages(*stories)[page])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<i>boom" not in html and "boom</i>" not in html
    # Card headlines on the lists and related news, the story's own on its page.
    assert ("Older " + ESCAPED) in html or page == "home"
    assert ("Lead " + ESCAPED) in html
    if page == "writer":
        assert ("Title " + ESCAPED) in html
    if page == "article":
        for field in ("Dateline", "Caption", "Credit", "Tag", "Writer", "Section"):
            assert (field + " " + ESCAPED) in html, field
        # The quote too: the attribute reads back whole.
        assert "Alt " + RAW in [img.get("alt") for img in Page(html).find_all("img")]
