from datetime import timedelta

import pytest
from django.utils import timezone

from public.selectors import more_from_writer, related_stories
from tests.factories import ArticleFactory, WriterFactory, relate

pytestmark = pytest.mark.django_db


def _live(headline, hours_ago, tags=(), **kwargs):
    return ArticleFactory(
        headline=headline,
        status="published",
        publish_at=timezone.now() - timedelta(hours=hours_ago),
        tags=list(tags),
        **kwargs,
    )


def test_editor_picks_come_first_in_the_editors_order():
    story = _live("Story", 1, tags=["Ukraine"])
    first, second = _live("Pick one", 50), _live("Pick two", 2)
    relate(story, first, second)
    _live("Shares a tag", 1, tags=["Ukraine"])
    assert [s.headline for s in related_stories(story)] == ["Pick one", "Pick two", "Shares a tag"]


def test_fill_prefers_more_shared_tags_then_recency():
    story = _live("Story", 1, tags=["Ukraine", "Russia", "Kursk"])
    _live("One tag, newest", 2, tags=["Ukraine"])
    _live("Two tags, older", 30, tags=["Ukraine", "Russia"])
    _live("Three tags, oldest", 90, tags=["Ukraine", "Russia", "Kursk"])
    _live("One tag, older", 40, tags=["Kursk"])
    _live("No shared tag", 1, tags=["Football"])
    assert [s.headline for s in related_stories(story)] == [
        "Three tags, oldest",
        "Two tags, older",
        "One tag, newest",
        "One tag, older",
    ]


def test_never_itself_and_never_a_story_that_is_not_live():
    story = _live("Story", 1, tags=["Ukraine"])
    hidden = [
        ArticleFactory(headline="Draft", tags=["Ukraine"]),
        ArticleFactory(headline="Scheduled", scheduled=True, tags=["Ukraine"]),
        ArticleFactory(headline="Expired", expired=True, tags=["Ukraine"]),
        ArticleFactory(headline="Withdrawn", withdrawn=True, tags=["Ukraine"]),
    ]
    relate(story, *hidden)
    assert related_stories(story) == []


def test_a_pick_that_also_shares_tags_is_listed_once_as_a_pick():
    story = _live("Story", 1, tags=["Ukraine"])
    other = _live("Other", 5, tags=["Ukraine"])
    pick = _live("Pick", 3, tags=["Ukraine"])
    relate(story, pick)
    assert related_stories(story) == [pick, other]


def test_related_news_is_limited(settings):
    settings.NEWSROOM_RELATED_COUNT = 3
    story = _live("Story", 1, tags=["Ukraine"])
    for hours in range(6):
        _live(f"Tagged {hours}", hours + 2, tags=["Ukraine"])
    assert [s.headline for s in related_stories(story)] == ["Tagged 0", "Tagged 1", "Tagged 2"]


def test_story_without_tags_or_picks_has_no_related_news():
    story = _live("Story", 1)
    _live("Another", 2)
    assert related_stories(story) == []


def test_more_from_writer_is_the_first_writers_latest_other_live_stories(settings):
    settings.NEWSROOM_MORE_FROM_WRITER_COUNT = 2
    writer, other_writer = WriterFactory(), WriterFactory()
    story = _live("Story", 1, writers=[writer, other_writer])
    _live("Newest by writer", 2, writers=[writer])
    _live("Older by writer", 3, writers=[writer])
    _live("Oldest by writer", 4, writers=[writer])
    _live("By the other writer", 2, writers=[other_writer])
    ArticleFactory(headline="Draft by writer", writers=[writer])
    assert [s.headline for s in more_from_writer(story)] == ["Newest by writer", "Older by writer"]


def test_more_from_writer_skips_what_related_news_shows():
    writer = WriterFactory()
    story = _live("Story", 1, writers=[writer])
    shown = _live("Already related", 2, writers=[writer])
    _live("Not yet shown", 3, writers=[writer])
    assert [s.headline for s in more_from_writer(story, exclude=[shown])] == ["Not yet shown"]
