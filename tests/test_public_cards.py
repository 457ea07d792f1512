"""Story cards (public/cards.py): a card's section is named in the page's edition, from the
section's names read with the card as the JSON text stored."""

import json
from unittest import mock

import pytest
from django.utils import translation

from articles.models import Article
from public.cards import COLUMNS, SECTION_NAMES, Card, rows
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _cards(*stories: Article) -> list[Card]:
    ids = [story.pk for story in stories]
    return Card.from_rows(rows(Article.objects.filter(pk__in=ids).order_by("pk")))


def test_card_rows_carry_the_sections_names_as_the_json_text_stored():
    """Not decoded per card by JSONField: CardMaker decodes each section's once a page."""
    world = SectionFactory(names={"vi": "Thế giới"})
    story = ArticleFactory(live=True, section=world)
    (row,) = rows(Article.objects.filter(pk=story.pk))
    names = row[COLUMNS.index(SECTION_NAMES)]
    assert isinstance(names, str)
    assert json.loads(names) == {"vi": "Thế giới"}


@pytest.mark.parametrize(("language", "expected"), [("en", "World"), ("vi", "Thế giới")])
def test_a_cards_section_is_named_in_the_pages_edition(language, expected):
    world = SectionFactory(name="World", names={"vi": "Thế giới"})
    sport = SectionFactory(name="Sport")  # no Vietnamese name: the English one
    stories = [ArticleFactory(live=True, section=section) for section in (world, sport, world)]
    with translation.override(language):
        cards = _cards(*stories)
    assert [card.section.name for card in cards] == [expected, "Sport", expected]


def test_a_page_decodes_each_sections_names_once():
    world = SectionFactory(names={"vi": "Thế giới"})
    sport = SectionFactory(names={"vi": "Thể thao"})
    stories = [ArticleFactory(live=True, section=s) for s in (world, sport, world, sport, world)]
    with mock.patch("public.cards.json.loads", wraps=json.loads) as loads:
        _cards(*stories)
    assert loads.call_count == 2
