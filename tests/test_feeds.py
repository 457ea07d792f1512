"""RSS and Atom feeds, read back with feedparser as a feed reader would."""

from datetime import timedelta

import feedparser
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.discovery import full_story
from tests.factories import (
    HIDDEN_STATES,
    STATES,
    ArticleFactory,
    ImageFactory,
    SectionFactory,
    WriterFactory,
)

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
KINDS = ["rss", "atom"]


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


@pytest.mark.parametrize("kind", KINDS)
def test_site_feed_entries_are_complete(reader, kind):
    story = full_story()
    parsed = _feed(reader, f"/feeds/{kind}/")
    assert parsed.version == ("rss20" if kind == "rss" else "atom10")
    assert parsed.feed.title == "Newsroom Daily"
    assert parsed.feed.link == f"{BASE}/"
    [entry] = parsed.entries
    assert entry.title == story.headline
    assert entry.link == f"{BASE}{story.get_absolute_url()}"
    assert entry.author == "Thanh Hà"  # the reporter; the translator is not an author
    assert entry.summary == story.lead
    assert entry.published_parsed[:5] == (2024, 11, 18, 2, 30)
    assert [t.term for t in entry.tags] == ["World", "Ukraine", "Đà Nẵng"]


@pytest.mark.parametrize("kind", KINDS)
def test_hero_image_is_an_absolute_enclosure(reader, kind):
    story = full_story()
    [entry] = _feed(reader, f"/feeds/{kind}/").entries
    [enclosure] = entry.enclosures
    shared = story.hero_image.pick(1280)
    assert enclosure.href == f"{BASE}{shared.url}"
    assert "/renditions/" in enclosure.href  # a rendition, not the uploaded original
    assert enclosure.type == "image/jpeg"
    stored = default_storage.size(shared.url.removeprefix(settings.MEDIA_URL))
    assert int(enclosure.length) == stored > 0


@pytest.mark.parametrize("kind", KINDS)
def test_a_story_without_a_picture_has_no_enclosure(reader, kind):
    ArticleFactory(live=True)
    [entry] = _feed(reader, f"/feeds/{kind}/").entries
    assert not entry.get("enclosures")


@pytest.mark.parametrize("kind", KINDS)
def test_section_tag_and_writer_feeds_hold_only_their_stories(reader, kind):
    world, sports = SectionFactory(slug="world"), SectionFactory(slug="sports")
    writer = WriterFactory(name="Thanh Hà")
    mine = ArticleFactory(live=True, section=world, writers=[writer], tags=["Ukraine"])
    ArticleFactory(live=True, section=sports, writers=[WriterFactory()], tags=["Football"])
    for url in [
        f"/feeds/sections/world/{kind}/",
        f"/feeds/tags/ukraine/{kind}/",
        f"/feeds/writers/thanh-ha/{kind}/",
    ]:
        assert [e.title for e in _feed(reader, url).entries] == [mine.headline], url


def test_newest_first(reader):
    ArticleFactory(live=True, headline="Older", publish_at=timezone.now() - timedelta(days=2))
    ArticleFactory(live=True, headline="Newer")
    assert [e.title for e in _feed(reader, "/feeds/rss/").entries] == ["Newer", "Older"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
@pytest.mark.parametrize("kind", KINDS)
def test_stories_that_are_not_live_are_in_no_feed(reader, kind, state):
    section, writer = SectionFactory(slug="world"), WriterFactory(name="Thanh Hà")
    ArticleFactory(live=True, section=section, writers=[writer], tags=["Ukraine"])
    hidden = ArticleFactory(section=section, writers=[writer], tags=["Ukraine"], **STATES[state])
    for url in [
        f"/feeds/{kind}/",
        f"/feeds/sections/world/{kind}/",
        f"/feeds/tags/ukraine/{kind}/",
        f"/feeds/writers/thanh-ha/{kind}/",
    ]:
        titles = [e.title for e in _feed(reader, url).entries]
        assert hidden.headline not in titles and len(titles) == 1, url


def test_a_tag_used_only_on_unpublished_stories_has_no_feed(reader):
    ArticleFactory(tags=["Embargoed merger"])
    assert reader.get("/feeds/tags/embargoed-merger/rss/").status_code == 404


@pytest.mark.parametrize("url", ["/feeds/sections/nope/rss/", "/feeds/writers/nobody/atom/"])
def test_unknown_feeds_are_404(reader, url):
    assert reader.get(url).status_code == 404


# Feed: the section (or tag, writer), the stories with their sections, their writers, their tags.
FEED_BUDGET = 5  # with the scheduled updates due (workflow/updates.py)


@pytest.mark.parametrize("n", [1, 20])
def test_feed_query_budget_does_not_grow_with_stories(reader, n, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # budgets count rendering (cache: test_page_cache)
    section = SectionFactory(slug="world")
    for _ in range(n):
        ArticleFactory(
            live=True, section=section, writers=[WriterFactory(), WriterFactory()],
            tags=["Ukraine", "Russia"], hero_image=ImageFactory(),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        assert len(_feed(reader, "/feeds/sections/world/rss/").entries) == n
    assert len(queries.captured_queries) == FEED_BUDGET
    with CaptureQueriesContext(connection) as queries:
        _feed(reader, "/feeds/rss/")
    assert len(queries.captured_queries) == FEED_BUDGET - 1


def test_pages_advertise_their_feeds(reader):
    story = ArticleFactory(live=True, section=SectionFactory(slug="world"))
    html = reader.get(story.section.get_absolute_url()).content.decode()
    assert 'type="application/rss+xml"' in html and "/feeds/sections/world/rss/" in html
    assert "/feeds/rss/" in reader.get("/").content.decode()
