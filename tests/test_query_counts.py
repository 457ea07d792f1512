"""Query budgets: each public page runs a fixed number of queries, whatever the data holds.

Every story here has its own hero picture and every writer a photo: pictures come joined to
their story or writer, and rendition URLs from the Image row, so they add no query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Byline
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, WriterFactory, relate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    """Budgets are for rendering a page; tests/test_page_cache.py counts the cache's own cost."""
    settings.NEWSROOM_PAGE_CACHE = False


# Every page rendered from the database first asks for the scheduled updates whose second has
# come (workflow/updates.py: usually none): one query.
# Article: story + section with its bylines, tags and corrections (JSON arrays, one query),
# related news, more from writer (each card with its writers), navigation, the breaking-news
# banner (frontpage/), due updates.
ARTICLE_BUDGET = 6
# Listings: the page's object, whether its list is busy (tags and writers; a bounded count),
# one page of stories + section + their writers (keyset: no count), navigation, the banner; a
# section's first page also reads the stories pinned in its block (frontpage/); due updates.
LISTING_BUDGETS = {"/world/": 6, "/writers/thanh-ha/": 6, "/tags/ukraine/": 6}
# Home: the editors' pins, the banner, the sections, and every automatic story (lead, top,
# latest, section blocks, each card with its writers) in one query; due updates.
HOME_BUDGET = 5


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _story_with(n: int, section):
    """A live story with n writers, n tags and n related stories, each related story with n
    writers of its own."""
    writers = [WriterFactory(photo=ImageFactory()) for _ in range(n)]
    tags = [f"tag {section.pk} {i}" for i in range(n)]
    story = ArticleFactory(
        live=True, section=section, writers=writers, tags=tags, hero_image=ImageFactory()
    )
    for writer in writers[1:]:
        Byline.objects.filter(article=story, writer=writer).update(role="translator")
    others = [
        ArticleFactory(
            live=True, section=section, writers=writers, tags=tags, hero_image=ImageFactory()
        )
        for _ in range(n)
    ]
    relate(story, *others)
    return story


@pytest.mark.parametrize("n", [1, 20])
def test_article_page_budget_does_not_grow_with_tags_writers_or_related(reader, n):
    story = _story_with(n, SectionFactory())
    assert _queries(reader, story.get_absolute_url()) == ARTICLE_BUDGET


@pytest.mark.parametrize("n", [1, 20])
def test_listing_budgets_do_not_grow_with_stories(reader, n):
    section = SectionFactory(name="World")
    writer = WriterFactory(name="Thanh Hà", photo=ImageFactory())
    for _ in range(n):
        ArticleFactory(live=True, section=section, writers=[writer, WriterFactory()],
                       tags=["Ukraine"], hero_image=ImageFactory())  # fmt: skip
    for url, budget in LISTING_BUDGETS.items():
        assert _queries(reader, url) == budget, url


@pytest.mark.parametrize("n", [1, 12])
def test_home_budget_does_not_grow_with_sections_or_stories(reader, n):
    for i in range(n):
        section = SectionFactory()
        for _ in range(3):
            ArticleFactory(live=True, section=section, writers=[WriterFactory()],
                           priority="top" if i % 3 == 0 else "normal",
                           hero_image=ImageFactory())  # fmt: skip
    ArticleFactory(live=True, priority="lead", writers=[WriterFactory()], hero_image=ImageFactory())
    assert _queries(reader, "/") == HOME_BUDGET


# The most-read list (public/most_read.py): one query when it is made (at most once a minute,
# or after a write), none while it holds, however many stories it shows.
MOST_READ_WHEN_MADE = 1


@pytest.mark.parametrize("n", [1, 10])
def test_the_most_read_list_costs_one_query_when_made_and_none_while_it_holds(reader, n):
    import time

    from mostread import counting

    hour = counting.hour_of(time.time())
    ArticleFactory(live=True, priority="lead", writers=[WriterFactory()], hero_image=ImageFactory())
    stories = [_story_with(1, SectionFactory()) for _ in range(n)]
    for reads, story in enumerate(stories, start=1):
        counting.add_reads(story.pk, reads, hour)
    article = stories[0].get_absolute_url()
    assert _queries(reader, "/") == HOME_BUDGET + MOST_READ_WHEN_MADE
    assert _queries(reader, "/") == HOME_BUDGET
    assert _queries(reader, article) == ARTICLE_BUDGET


# Live coverage (live/): the article page's queries with its entries and key entries in one more
# (the page's entries, newest first, and every key entry, with their writers); the pictures of
# the body and of every entry in one more when there are any. The entries endpoint: due updates,
# the story with its coverage, the entries; plus the pictures.
LIVE_BUDGET = ARTICLE_BUDGET + 1
LIVE_ENTRIES_BUDGET = 3


def _live_story_with(entries: int, *, pictures: bool = False):
    from datetime import timedelta

    from django.utils import timezone

    from live.models import Coverage, Entry

    story = _story_with(5, SectionFactory())  # related news and more from its writer too
    writers = [WriterFactory(photo=ImageFactory()) for _ in range(5)]
    coverage = Coverage.objects.create(article=story, started_at=story.publish_at)
    picture = ImageFactory() if pictures else None
    now = timezone.now()
    Entry.objects.bulk_create(
        Entry(
            coverage=coverage,
            writer=writers[i % 5],
            body=f"<p>Update {i}.</p>"
            + ('<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>'
               if i % 7 == 0 else "")
            + (f'<figure data-image="{picture.pk}"></figure>' if picture and i % 5 == 0 else ""),
            is_key=i % 40 == 0,
            publish_at=now - timedelta(minutes=entries - i),
        )
        for i in range(entries)
    )  # fmt: skip
    return story


@pytest.mark.parametrize("n", [1, 200])
def test_live_coverage_page_budget_does_not_grow_with_entries(reader, n):
    story = _live_story_with(n)
    assert _queries(reader, story.get_absolute_url()) == LIVE_BUDGET
    assert _queries(reader, story.get_absolute_url() + "entries/") == LIVE_ENTRIES_BUDGET


def test_live_coverage_pictures_add_one_query_for_the_whole_page(reader):
    story = _live_story_with(200, pictures=True)
    assert _queries(reader, story.get_absolute_url()) == LIVE_BUDGET + 1
    assert _queries(reader, story.get_absolute_url() + "entries/") == LIVE_ENTRIES_BUDGET + 1


def test_older_live_entries_cost_what_the_newest_cost(reader, settings):
    import re

    story = _live_story_with(200)
    html = reader.get(story.get_absolute_url()).content.decode()
    older = re.search(r'rel="next" href="(\?before=[^"]+)"', html)[1]
    assert _queries(reader, story.get_absolute_url() + older) == LIVE_BUDGET
