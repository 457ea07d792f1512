"""Every text an editor types is escaped on the public pages, by Jinja2's autoescaping.

Story cards and pictures are template macros (public/jinja2/includes/cards.html), escaped like
every other value a template prints. These tests check each field they show on each page that
shows them (headline, lead, dateline, section, writer name and job title, tag, picture alt
text, caption and credit), that the public environment autoescapes, and that the escaping comes
from autoescaping: the same macros rendered with it turned off print the raw text.
"""

import pytest
from django.template import engines

from public.selectors import front_page
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


def test_the_public_templates_autoescape():
    env = engines["jinja2"].env
    assert env.autoescape is True or env.autoescape("public.html") is True


CARDS_AND_PICTURE = (
    '{% from "includes/cards.html" import cards, picture %}'
    "{{ cards(stories, show_section=true) }}{{ picture(stories[0].hero_image) }}"
)


def _render_cards(autoescape: bool) -> str:
    env = engines["jinja2"].env
    # A fresh cache: the macros are compiled again with the setting under test.
    env = env.overlay(autoescape=autoescape, cache_size=0)
    return env.from_string(CARDS_AND_PICTURE).render(stories=front_page().latest)


def test_cards_and_pictures_are_escaped_by_autoescape_not_by_hand(stories):
    escaped = _render_cards(autoescape=True)
    assert "<i>boom" not in escaped and "boom</i>" not in escaped
    for field in ("Older", "Lead", "Dateline", "Section", "Writer"):
        assert (field + " " + ESCAPED) in escaped, field
    assert 'alt="Alt &lt;i&gt;boom&lt;/i&gt;&#34;"' in escaped
    # Nothing escapes the typed text on its way into the macros: without autoescape it is raw.
    raw = _render_cards(autoescape=False)
    for field in ("Older", "Lead", "Dateline", "Section", "Writer"):
        assert (field + " " + RAW) in raw, field
    assert 'alt="Alt ' + RAW + '"' in raw
