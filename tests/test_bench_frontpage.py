"""The benchmark's front page (bench/frontpage.py): every slot of the home page pinned, each story
once, and the page shows them in the editor's slots within its query budget."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.frontpage import PER_SECTION, TOP, pin_every_slot
from frontpage.models import Pin
from public import selectors
from tests.factories import ArticleFactory, SectionFactory
from tests.test_query_counts import HOME_BUDGET

pytestmark = pytest.mark.django_db


def test_every_slot_is_pinned_once_and_the_home_page_shows_them(client, settings, monkeypatch):
    settings.NEWSROOM_PAGE_CACHE = False  # the budget is for rendering (test_query_counts.py)
    sections = [SectionFactory(), SectionFactory()]
    for section in sections:
        ArticleFactory.create_batch(20, live=True, section=section)
    layout = pin_every_slot()
    assert pin_every_slot() == layout  # made once
    pins = list(layout.pins.all())
    assert len({pin.article_id for pin in pins}) == len(pins)
    slots = [pin.slot for pin in pins]
    assert slots.count(Pin.Slot.LEAD) == 1 and slots.count(Pin.Slot.TOP) == TOP
    for section in sections:
        pinned = [p.article_id for p in pins if p.section_id == section.pk]
        assert 1 <= len(pinned) <= PER_SECTION
        assert all(p.article.section_id == section.pk for p in pins if p.section_id == section.pk)
    read: list[int] = []
    run = selectors.FRONT.run

    def counted(*args, **kwargs):
        found = run(*args, **kwargs)
        read.append(len(found))
        return found

    monkeypatch.setattr(selectors.FRONT, "run", counted)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").context["page"]
    assert page.lead.pk == next(p.article_id for p in pins if p.slot == Pin.Slot.LEAD)
    top = [p.article_id for p in sorted(pins, key=lambda p: p.position) if p.slot == "top"]
    assert [story.pk for story in page.top] == top
    for block in page.blocks:
        pinned = [p.article_id for p in pins if p.section_id == block.section.pk]
        assert [story.pk for story in block.stories][: len(pinned)] == pinned
    assert len(queries.captured_queries) <= HOME_BUDGET
    # The automatic candidates do not grow with the pins: at most the lead, top + 1, latest +
    # top + 1 and a block's worth per section (public.selectors.front_page's defaults).
    assert read and read[0] <= 1 + 1 + (10 + 0 + 1) + PER_SECTION * len(sections)
