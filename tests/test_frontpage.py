"""The front page as editors arrange it: slots decided at read time, exact to the second."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from frontpage.models import Breaking, Layout, Pin
from public.frontpage import banner
from public.selectors import front_page
from tests.factories import ArticleFactory, SectionFactory, WriterFactory

pytestmark = pytest.mark.django_db

LEAD, TOP = Article.Priority.LEAD, Article.Priority.TOP


def _story(section, hours_ago: float, **kwargs) -> Article:
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=hours_ago),
        section=section,
        writers=[WriterFactory()],
        **kwargs,
    )


@pytest.fixture
def news():
    """Two sections, a lead, top stories and plenty of others, newest first by hours."""
    world, business = SectionFactory(name="World"), SectionFactory(name="Business")
    stories = {
        "lead": _story(world, 1, priority=LEAD, headline="Automatic lead"),
        "top1": _story(world, 2, priority=TOP),
        "top2": _story(business, 3, priority=TOP),
        **{f"w{i}": _story(world, 4 + i) for i in range(6)},
        **{f"b{i}": _story(business, 4.5 + i) for i in range(6)},
    }
    return {"world": world, "business": business, **stories}


def _ids(page) -> dict:
    return {
        "lead": page.lead.pk if page.lead else None,
        "top": [s.pk for s in page.top],
        "blocks": [(b.section.pk, [s.pk for s in b.stories]) for b in page.blocks],
        "latest": [s.pk for s in page.latest],
    }


def _every_story(page) -> list[int]:
    return [s.pk for s in page.cards() if s is not None]


def _layout(*pins, starts_at=None, **kwargs) -> Layout:
    layout = Layout.objects.create(starts_at=starts_at or timezone.now() - timedelta(days=1))
    for position, (slot, article, *section) in enumerate(pins):
        Pin.objects.create(
            layout=layout,
            slot=slot,
            article=article,
            position=position,
            section=section[0] if section else None,
        )
    return layout


# --- Nothing pinned: exactly as today ----------------------------------------------------------


def test_with_nothing_pinned_the_rules_are_the_automatic_ones(news):
    """Spelled out: the newest lead-marked story leads, top stories are the newest marked top,
    latest repeats neither, each section block is its four newest (lead and top included)."""
    page = front_page()
    by_time = sorted(
        (s for k, s in news.items() if k not in ("world", "business")),
        key=lambda s: s.publish_at,
        reverse=True,
    )
    assert page.lead.pk == news["lead"].pk
    assert [s.pk for s in page.top] == [news["top1"].pk, news["top2"].pk]
    rest = [
        s.pk for s in by_time if s.pk not in {news["lead"].pk, news["top1"].pk, news["top2"].pk}
    ]
    assert [s.pk for s in page.latest] == rest[:10]
    for block in page.blocks:
        newest = [s.pk for s in by_time if s.section_id == block.section.pk][:4]
        assert [s.pk for s in block.stories] == newest


def test_an_empty_layout_changes_nothing(news):
    before = _ids(front_page())
    _layout()
    assert _ids(front_page()) == before


def test_with_no_story_at_all_the_page_is_empty(db):
    page = front_page()
    assert page.lead is None and page.top == [] and page.latest == []


# --- Pins --------------------------------------------------------------------------------------


def test_pinned_lead_top_and_section_stories_show_in_the_editors_order(news):
    _layout(
        ("lead", news["w5"]),
        ("top", news["b4"]),
        ("top", news["w3"]),
        ("section", news["b5"], news["business"]),
    )
    page = front_page()
    assert page.lead.pk == news["w5"].pk
    # Pinned top stories first, in order, then the automatic ones.
    assert [s.pk for s in page.top][:2] == [news["b4"].pk, news["w3"].pk]
    business = next(b for b in page.blocks if b.section.pk == news["business"].pk)
    assert business.stories[0].pk == news["b5"].pk
    assert len(business.stories) == 4


def test_a_pinned_story_never_appears_twice(news):
    # The automatic lead, a top story and a section's newest, pinned elsewhere.
    _layout(
        ("lead", news["top2"]),
        ("top", news["lead"]),
        ("section", news["w0"], news["world"]),
        ("top", news["b0"]),
    )
    page = front_page()
    shown = _every_story(page)
    for key in ("top2", "lead", "w0", "b0"):
        assert shown.count(news[key].pk) == 1, key


def test_the_lead_slot_left_by_a_pin_goes_to_the_automatic_lead(news):
    _layout(("top", news["w1"]))
    page = front_page()
    assert page.lead.pk == news["lead"].pk
    assert page.top[0].pk == news["w1"].pk


def test_a_section_pin_shows_only_while_the_story_is_in_that_section(news):
    _layout(("section", news["w4"], news["business"]))
    business = next(b for b in front_page().blocks if b.section.pk == news["business"].pk)
    assert news["w4"].pk not in [s.pk for s in business.stories]


def test_a_section_page_reads_its_own_blocks_pins_only_the_same_as_the_home_page(news):
    from public.frontpage import pins, section_pins

    _layout(
        ("lead", news["b1"]),  # a business story, but the lead's: not the business block's
        ("section", news["b5"], news["business"]),
        ("section", news["b2"], news["business"]),
        ("section", news["w4"], news["business"]),  # not in business: never shown there
        ("section", news["w3"], news["world"]),
    )
    now = timezone.now()
    every = pins(now)
    for section in (news["business"], news["world"]):
        own = section_pins(now, section.pk)
        assert [c.pk for c in own] == [c.pk for c in every.sections.get(section.pk, [])]
    assert [c.pk for c in section_pins(now, news["business"].pk)] == [news["b5"].pk, news["b2"].pk]


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "expired", "withdrawn"])
def test_a_pin_of_a_story_that_is_not_live_leaves_its_slot_to_the_automatic_choice(news, state):
    from tests.factories import STATES

    hidden = ArticleFactory(section=news["world"], headline="Not for readers", **STATES[state])
    _layout(("lead", hidden), ("top", hidden.__class__.objects.get(pk=news["w2"].pk)))
    page = front_page()
    assert hidden.pk not in _every_story(page)
    assert page.lead.pk == news["lead"].pk  # never a hole
    assert page.top[0].pk == news["w2"].pk


def test_a_pinned_lead_that_expires_gives_way_at_that_second(news):
    expiry = timezone.now().replace(microsecond=0) + timedelta(minutes=10)
    news["w5"].expire_at = expiry
    news["w5"].save()
    _layout(("lead", news["w5"]))
    with time_machine.travel(expiry - timedelta(seconds=1), tick=False):
        assert front_page().lead.pk == news["w5"].pk
    with time_machine.travel(expiry, tick=False):
        page = front_page()
        assert page.lead.pk == news["lead"].pk
        assert news["w5"].pk not in _every_story(page)


def test_a_pinned_story_that_is_withdrawn_leaves_at_once(news):
    _layout(("lead", news["w5"]))
    assert front_page().lead.pk == news["w5"].pk
    Article.objects.filter(pk=news["w5"].pk).update(status=Article.Status.WITHDRAWN)
    assert front_page().lead.pk == news["lead"].pk


def test_a_scheduled_pinned_story_takes_its_slot_at_its_second(news):
    due = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    storm = ArticleFactory(
        section=news["world"], status=Article.Status.PUBLISHED, publish_at=due, headline="Storm"
    )
    _layout(("lead", storm))
    with time_machine.travel(due - timedelta(seconds=1), tick=False):
        assert front_page().lead.pk == news["lead"].pk
    with time_machine.travel(due, tick=False):
        assert front_page().lead.pk == storm.pk


def test_a_scheduled_layout_takes_over_at_its_start(news):
    six = timezone.now().replace(microsecond=0) + timedelta(hours=2)
    _layout(("lead", news["w1"]))
    _layout(("lead", news["b1"]), starts_at=six)
    with time_machine.travel(six - timedelta(seconds=1), tick=False):
        assert front_page().lead.pk == news["w1"].pk
    with time_machine.travel(six, tick=False):
        assert front_page().lead.pk == news["b1"].pk
    # The preview of a chosen moment is the same rule.
    assert front_page(at=six).lead.pk == news["b1"].pk
    assert front_page(at=six - timedelta(seconds=1)).lead.pk == news["w1"].pk


def test_a_pin_database_constraint_keeps_a_story_once_per_layout(news):
    from django.db import IntegrityError, transaction

    layout = _layout(("top", news["w1"]))
    with pytest.raises(IntegrityError), transaction.atomic():
        Pin.objects.create(layout=layout, slot="lead", article=news["w1"])


# --- Breaking news -----------------------------------------------------------------------------


def test_a_breaking_story_leads_and_the_pinned_lead_moves_to_the_top(news):
    _layout(("lead", news["w5"]))
    Breaking.objects.create(article=news["b3"])
    page = front_page()
    assert page.lead.pk == news["b3"].pk
    assert page.top[0].pk == news["w5"].pk
    assert _every_story(page).count(news["b3"].pk) == 1


def test_the_banner_shows_from_its_start_to_its_end_to_the_second(news):
    start = timezone.now().replace(microsecond=0) + timedelta(minutes=1)
    end = start + timedelta(hours=1)
    Breaking.objects.create(article=news["w2"], starts_at=start, ends_at=end)
    for moment, expected in [
        (start - timedelta(seconds=1), None),
        (start, news["w2"].pk),
        (end - timedelta(seconds=1), news["w2"].pk),
        (end, None),
    ]:
        with time_machine.travel(moment, tick=False):
            found = banner().story
            assert (found.pk if found else None) == expected, moment
            assert front_page().lead.pk == (expected or news["lead"].pk)


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired", "withdrawn"])
def test_the_banner_never_shows_a_story_that_is_not_live(news, state):
    from tests.factories import STATES

    hidden = ArticleFactory(section=news["world"], **STATES[state])
    Breaking.objects.create(article=hidden)
    assert banner().story is None
    assert banner().marked == [hidden.pk]  # pages still depend on it
    assert front_page().lead.pk == news["lead"].pk


def test_the_newest_live_breaking_story_is_the_banner(news):
    Breaking.objects.create(article=news["w1"], starts_at=timezone.now() - timedelta(hours=2))
    Breaking.objects.create(article=news["b1"], starts_at=timezone.now() - timedelta(hours=1))
    assert banner().story.pk == news["b1"].pk


# --- Queries -----------------------------------------------------------------------------------


def _count(call) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def test_pins_and_breaking_add_at_most_two_queries_to_the_home_page(news, client, settings):
    """The automatic home page was 6 queries; pins add one, the banner one (on every page), the
    scheduled updates due one more (workflow/updates.py)."""
    settings.NEWSROOM_PAGE_CACHE = False
    plain = _count(lambda: client.get("/"))
    assert plain <= 6 + 2 + 1
    # Every slot pinned, and a breaking story: no more (the automatic lead is not asked for).
    _layout(
        ("lead", news["w5"]),
        *[("top", news[f"b{i}"]) for i in range(4)],
        *[("section", news[f"w{i}"], news["world"]) for i in range(4)],
        *[("section", news[f"b{i}"], news["business"]) for i in range(4, 6)],
    )
    Breaking.objects.create(article=news["top1"])
    assert _count(lambda: client.get("/")) <= plain
