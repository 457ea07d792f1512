"""What a cached page shows reaches it at once, whatever NEWSROOM_PAGE_CACHE_SECONDS says.

Pages other than a story's are kept up to NEWSROOM_PAGE_CACHE_SECONDS, which is a margin, not
their freshness: each names what it shows (pagecache.versions) and the schedule ends it at the
next moment it changes by the clock (pagecache.schedule). Each test here reads a page, changes
one thing it shows with the clock stopped, and reads it again: only a key the page declares, or
a moment it declares, can make it pass. docs/performance.md ("A news day", "What each page
shows") lists every page and thing; the other things are tested beside their feature
(tests/test_page_cache.py, test_frontpage_pages.py, test_live.py, test_most_read.py,
test_edition_links_cache.py, test_scheduled_updates.py). Every cache path, as in
tests/test_page_cache.py.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontpage.models import Breaking
from images.services import ensure_renditions
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, WriterFactory
from tests.live import entry, live_story
from tests.test_page_cache import page_cache  # noqa: F401  # every cache backend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    """Stopped: no copy reaches its bound, and nothing goes live or leaves, during a test."""
    with time_machine.travel(timezone.now().replace(microsecond=0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def world():
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def ha():
    return WriterFactory(name="Thanh Hà", slug="thanh-ha")


@pytest.fixture
def story(world, ha):
    return ArticleFactory(headline="Talks resume in Geneva", live=True, section=world,
                          writers=[ha], tags=["Diplomacy"])  # fmt: skip


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _served_from_copy(client, url: str) -> None:
    """The page is stored (the second read is a hit): what follows tests its keys."""
    _text(client, url)
    assert not _renders(client, url), url


def _renders(client, url: str) -> bool:
    """Whether the page was rendered (read from the database), not served from its copy."""
    with CaptureQueriesContext(connection) as queries:
        _text(client, url)
    return bool(queries.captured_queries)


# --- The news sitemap: a window by the clock -----------------------------------------------


def test_a_story_leaves_the_cached_news_sitemap_once_it_is_48_hours_old(reader, clock):
    now = timezone.now()
    old = ArticleFactory(headline="Yesterday's storm", live=True,
                         publish_at=now - timedelta(hours=47, minutes=59, seconds=50))  # fmt: skip
    ArticleFactory(headline="Today's tide", live=True, publish_at=now - timedelta(hours=1))
    assert old.get_absolute_url() in _text(reader, "/sitemap-news.xml")
    clock.shift(timedelta(seconds=10))  # 48 hours old: the window's last second
    assert old.get_absolute_url() in _text(reader, "/sitemap-news.xml")
    clock.shift(timedelta(seconds=1))
    sitemap = _text(reader, "/sitemap-news.xml")
    assert old.get_absolute_url() not in sitemap
    assert "Today" in sitemap


# --- Writers, sections, pictures --------------------------------------------------------------


def test_a_writers_profile_and_portrait_reach_their_cached_page(reader, story, ha):
    url = "/writers/thanh-ha/"
    _served_from_copy(reader, url)
    ha.bio = "Covers diplomacy from Geneva."
    ha.job_title = "Diplomatic correspondent"
    ha.photo = ImageFactory(alt_text="Thanh Hà at the Palais des Nations")
    ha.save()
    html = _text(reader, url)
    assert "Covers diplomacy from Geneva." in html
    assert "Diplomatic correspondent" in html
    assert "Thanh Hà at the Palais des Nations" in html


def test_a_sections_name_in_another_edition_reaches_that_editions_cached_pages(reader, world):
    ArticleFactory(headline="Bão tiến gần bờ biển", live=True, section=world, edition="vi")
    urls = ["/vi/", "/vi/world/", "/vi/feeds/sections/world/rss/"]
    for url in urls:
        _served_from_copy(reader, url)
    world.names = {"vi": "Thế giới"}
    world.save()
    for url in urls:
        assert "Thế giới" in _text(reader, url), url


def test_new_renditions_of_a_storys_picture_reach_every_cached_list(reader, story):
    story.hero_image = ImageFactory(renditions=False)
    story.save()
    urls = ["/", "/world/", "/tags/diplomacy/", "/writers/thanh-ha/", "/search/?q=geneva"]
    for url in urls:
        _served_from_copy(reader, url)
        assert "/media/renditions/" not in _text(reader, url), url  # the original file yet
    ensure_renditions(story.hero_image)
    for url in urls:
        assert "/media/renditions/" in _text(reader, url), url


def test_a_storys_picture_edited_reaches_the_cached_api(reader, story):
    story.hero_image = ImageFactory(caption="Delegates arrive.")
    story.save()
    urls = ["/api/ninjs/articles/", f"/api/ninjs/articles/{story.pk}/"]
    for url in urls:
        _served_from_copy(reader, url)
    story.hero_image.caption = "Delegates arrive at the Palais des Nations."
    story.hero_image.save()
    assert "Palais des Nations" in _text(reader, f"/api/ninjs/articles/{story.pk}/")
    assert "Palais des Nations" in _text(reader, "/api/ninjs/articles/")


def test_a_writer_renamed_reaches_the_cached_feeds_and_api(reader, story, ha):
    urls = ["/feeds/rss/", "/feeds/writers/thanh-ha/atom/", f"/api/ninjs/articles/{story.pk}/"]
    for url in urls:
        _served_from_copy(reader, url)
    ha.name = "Nguyễn Thanh Hà"
    ha.save()
    for url in urls:
        assert "Nguyễn Thanh Hà" in _text(reader, url), url


def test_a_section_moved_reaches_the_cached_sitemaps(reader, story, world):
    urls = ["/sitemap-sections.xml", "/sitemap-articles.xml"]
    for url in urls:
        _served_from_copy(reader, url)
    world.slug = "international"
    world.save()
    for url in urls:
        assert "/international/" in _text(reader, url), url


# --- The breaking banner, live coverage, other versions ---------------------------------------


def test_the_breaking_banner_reaches_every_cached_reader_page(reader, story):
    storm = ArticleFactory(headline="Storm No. 15 nears the coast", live=True)
    urls = ["/", "/world/", "/tags/diplomacy/", "/writers/thanh-ha/", "/search/?q=geneva"]
    for url in urls:
        _served_from_copy(reader, url)
        assert 'aria-label="Breaking news"' not in _text(reader, url), url
    mark = Breaking.objects.create(article=storm, starts_at=timezone.now() - timedelta(minutes=1))
    for url in urls:
        assert 'aria-label="Breaking news"' in _text(reader, url), url
    mark.ends_at = timezone.now()
    mark.save()
    for url in urls:
        assert 'aria-label="Breaking news"' not in _text(reader, url), url


def test_a_live_entry_reaches_the_cached_entries_and_their_feed(reader):
    story, coverage = live_story()
    urls = [f"{story.get_absolute_url()}entries/", f"/feeds/live/{story.pk}/rss/"]
    for url in urls:
        _served_from_copy(reader, url)
    posted = entry(coverage, "The river has burst its banks.")
    for url in urls:
        assert "burst its banks" in _text(reader, url), url
    posted.body = "<p>The river has reached the old bridge.</p>"
    posted.save()
    for url in urls:
        assert "old bridge" in _text(reader, url), url


def test_a_translation_published_reaches_its_originals_cached_api_item(reader, story):
    url = f"/api/ninjs/articles/{story.pk}/"
    _served_from_copy(reader, url)
    translation = ArticleFactory(headline="Đàm phán nối lại ở Geneva", section=story.section,
                                 edition="vi", translation_of=story, live=True)  # fmt: skip
    associations = json.loads(_text(reader, url)).get("associations", [])
    assert [a["uri"].rsplit("/", 2)[-2] for a in associations if a["name"] == "translation"] == [
        str(translation.pk)
    ]


# --- The bound ----------------------------------------------------------------------------------


def test_a_page_nothing_changed_is_kept_until_its_bound_and_no_longer(
    reader, story, clock, settings
):
    longest = timedelta(seconds=settings.NEWSROOM_PAGE_CACHE_SECONDS)
    _served_from_copy(reader, "/world/")
    clock.shift(longest - timedelta(seconds=1))
    assert not _renders(reader, "/world/")
    clock.shift(timedelta(seconds=1))
    assert _renders(reader, "/world/")


# --- The code that rendered it: a deploy --------------------------------------------------------


@pytest.fixture
def start(monkeypatch):
    """Start a process (`start("two")`) running the release named: no copy held."""
    from pagecache import local, release

    def process(name: str) -> None:
        local.clear()
        monkeypatch.setattr(release, "mine", lambda: name)

    return process


def test_a_deploy_ends_every_stored_copy(reader, story, start):
    start("one")
    urls = ["/", "/world/", story.get_absolute_url(), "/feeds/rss/"]
    for url in urls:
        _served_from_copy(reader, url)
    start("two")
    for url in urls:
        assert _renders(reader, url), url  # rendered by the new release's templates and code
        assert not _renders(reader, url), url  # and stored


def test_a_process_of_the_same_release_keeps_the_copies(reader, story, start):
    start("one")
    _served_from_copy(reader, "/world/")
    start("one")  # a worker restarted, or another server
    assert not _renders(reader, "/world/")


def test_old_and_new_releases_running_side_by_side_never_serve_each_others_copies(
    reader, story, start
):
    """A rolling restart: workers of both releases run, and start in any order."""
    start("one")
    _served_from_copy(reader, "/world/")
    start("two")
    assert _renders(reader, "/world/")
    start("one")  # an old worker (re)started after the new ones: it changes nothing for them
    assert not _renders(reader, "/world/")  # its own release's copy, which matches its markup
    start("two")
    assert not _renders(reader, "/world/")  # the new release still stores and serves its own


def test_uploads_and_collected_files_are_not_part_of_the_release(settings, tmp_path):
    """Media or static files configured inside the project change while a release runs: were
    they read, workers started at different times would not share their copies."""
    from pagecache import release

    settings.BASE_DIR = tmp_path
    (tmp_path / "app.py").write_text("print('code')")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "collected"
    release.mine.cache_clear()
    try:
        before = release.mine()
        for folder in ("media", "collected"):
            (tmp_path / folder).mkdir()
            (tmp_path / folder / "upload.svg").write_text("<svg/>")
        release.mine.cache_clear()
        assert release.mine() == before
        (tmp_path / "app.py").write_text("print('new code')")
        release.mine.cache_clear()
        assert release.mine() != before
    finally:
        release.mine.cache_clear()
