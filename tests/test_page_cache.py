"""Whole-page caching: anonymous readers get stored pages, never a stale or premature story.

Every test runs against the in-memory cache and against the real Redis on 127.0.0.1:6379 (with
a key prefix of its own, removed afterwards), and on Redis once more with no copies kept in the
process, as when each request reaches another worker. Without a Redis server the Redis runs are
skipped, unless NEWSROOM_REQUIRE_REDIS=1 (as in .ci/run) makes them fail instead.
"""

from __future__ import annotations

import gzip
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline
from frontpage.models import Breaking
from tags.models import Tag
from tests.factories import ArticleFactory, SectionFactory, UserFactory, WriterFactory, relate
from tests.redis_server import redis_cache_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["locmem", "redis", "redis-other-workers"])
def page_cache(request, settings):
    if request.param == "redis-other-workers":
        settings.NEWSROOM_PAGE_CACHE_LOCAL_MB = 0  # every hit fetches the page from Redis
    if request.param == "locmem":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"pages-{uuid.uuid4()}",
            }  # fmt: skip
        }
        yield request.param
        return
    with redis_cache_settings() as redis_cache:  # the production backend (newsroom/cache.py)
        settings.CACHES = {"default": redis_cache}
        yield request.param


@pytest.fixture
def world():
    return SectionFactory(name="World")


@pytest.fixture
def ha():
    return WriterFactory(name="Thanh Hà")


@pytest.fixture
def story(world, ha):
    return ArticleFactory(headline="Talks resume in Geneva", live=True, section=world,
                          writers=[ha], tags=["Diplomacy"])  # fmt: skip


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _warm(client, *urls: str) -> None:
    for url in urls:
        _html(client, url)


LISTS = ["/", "/world/", "/tags/diplomacy/", "/writers/thanh-ha/"]


# --- Serving ----------------------------------------------------------------------------------


def test_a_repeated_page_is_served_without_touching_the_database(reader, story):
    first = _html(reader, story.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        second = _html(reader, story.get_absolute_url())
    assert second == first
    assert len(queries) == 0


def test_a_first_render_costs_at_most_six_queries_more_than_the_page(reader, story, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    with CaptureQueriesContext(connection) as uncached:
        _html(reader, "/")
    settings.NEWSROOM_PAGE_CACHE = True
    with CaptureQueriesContext(connection) as first:
        _html(reader, "/")
    # The next scheduled publication and expiry, the front page's next layout and breaking
    # banner start or end (frontpage.schedule), the next scheduled update (workflow/updates.py)
    # and the next scheduled live entry (live.schedule): once per write, shared by every page.
    assert len(first) == len(uncached) + 6
    with CaptureQueriesContext(connection) as another:
        _html(reader, "/world/")
    settings.NEWSROOM_PAGE_CACHE = False
    with CaptureQueriesContext(connection) as uncached_list:
        _html(reader, "/world/")
    assert len(another) == len(uncached_list)


def test_pages_carry_an_etag_and_cdn_friendly_cache_control(reader, story, settings):
    settings.NEWSROOM_CDN_MAX_AGE = 60
    response = reader.get("/")
    assert response["ETag"].startswith('"')
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "must-revalidate", "s-maxage=60"} <= directives


@pytest.mark.parametrize("warm", [False, True])
def test_a_matching_if_none_match_gets_304(reader, story, warm):
    etag = reader.get("/")["ETag"]
    if warm:
        reader.get("/")
    response = reader.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag
    assert reader.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("header", ['"other", {etag}', "W/{etag}", "*"])
def test_a_hit_compares_every_listed_etag_weakly(reader, story, header):
    etag = reader.get("/")["ETag"]
    response = reader.get("/", headers={"If-None-Match": header.format(etag=etag)})
    assert response.status_code == 304


@pytest.mark.parametrize("compressed", [False, True])
def test_a_hit_carries_the_same_headers_as_the_first_render(reader, story, settings, compressed):
    """A held page is answered before the sessions, CSRF, the user and CommonMiddleware
    (pagecache/middleware.py): it must still get every header its render got."""
    settings.NEWSROOM_CDN_MAX_AGE = 60
    headers = {"Accept-Encoding": "gzip"} if compressed else {}
    for url in ["/", story.get_absolute_url(), "/feeds/rss/"]:
        with time_machine.travel(timezone.now(), tick=False):
            first, hit = reader.get(url, headers=headers), reader.get(url, headers=headers)
        if compressed:  # the length differs: gzip pads each answer at random (BREACH)
            assert gzip.decompress(hit.content) == gzip.decompress(first.content)
            del hit.headers["Content-Length"], first.headers["Content-Length"]
        else:
            assert hit.content == first.content
        assert dict(hit.headers) == dict(first.headers), url
        assert {"X-Frame-Options", "Content-Security-Policy"} <= set(hit.headers)
        assert hit["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=60"
        assert not hit.cookies
    etag = reader.get("/", headers=headers)["ETag"]
    not_modified = reader.get("/", headers={**headers, "If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified["Content-Length"] == "0"


def test_a_cdn_may_not_keep_a_page_past_the_next_scheduled_story(reader, story, world, settings):
    settings.NEWSROOM_CDN_MAX_AGE = 60
    now = timezone.now()
    ArticleFactory(status="published", publish_at=now + timedelta(seconds=20), section=world)
    with time_machine.travel(now, tick=False):
        assert "s-maxage=20" in reader.get("/")["Cache-Control"]
    with time_machine.travel(now + timedelta(seconds=15), tick=False):
        hit = reader.get("/")
        assert hit["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=5"
        assert reader.get("/", headers={"If-None-Match": hit["ETag"]})["Cache-Control"].endswith(
            "s-maxage=5"
        )


def test_a_compressed_pages_weak_etag_still_gets_304(reader, story):
    response = reader.get("/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip" and response["ETag"].startswith('W/"')
    again = reader.get("/", headers={"Accept-Encoding": "gzip", "If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_logged_in_readers_bypass_the_cache(client, story):
    _warm(client, "/")
    client.force_login(UserFactory())
    Article.objects.filter(pk=story.pk).update(headline="Changed without signals")
    response = client.get("/")
    assert "Changed without signals" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_logged_in_pages_are_not_stored_for_anonymous_readers(client, reader, story):
    client.force_login(UserFactory())
    client.get("/")
    Article.objects.filter(pk=story.pk).update(headline="Changed without signals")
    assert "Changed without signals" in _html(reader, "/")


def test_errors_are_not_stored(reader, world):
    scheduled = ArticleFactory(scheduled=True, section=world)
    assert reader.get(scheduled.get_absolute_url()).status_code == 404
    with time_machine.travel(scheduled.publish_at + timedelta(seconds=1), tick=False):
        assert reader.get(scheduled.get_absolute_url()).status_code == 200


def test_an_unchanged_page_is_served_from_the_cache(reader, story):
    _warm(reader, "/")
    Article.objects.filter(pk=story.pk).update(headline="Changed without signals")
    assert "Changed without signals" not in _html(reader, "/")  # proves the page was stored


# --- The hit path: dependencies are read once per write -------------------------------------


@pytest.fixture
def dependency_reads(monkeypatch):
    """How many times a page's dependency versions were read (pagecache.versions.current)."""
    from pagecache import versions

    reads = []
    real = versions.current

    def counted(keys):
        reads.append(keys)
        return real(keys)

    monkeypatch.setattr(versions, "current", counted)
    return reads


def _keys(url: str) -> tuple[str, str]:
    """The shared cache's keys of a page: its copy, and the generation it was last checked at."""
    from django.test import RequestFactory

    from pagecache import store

    return store.keys_for(store.location(RequestFactory().get(url)))


def test_while_nothing_is_written_a_hit_reads_no_dependency(reader, story, dependency_reads):
    _warm(reader, story.get_absolute_url())
    dependency_reads.clear()
    for _ in range(3):
        _html(reader, story.get_absolute_url())
    assert dependency_reads == []


def test_after_any_write_the_next_hit_checks_the_dependencies_once(
    reader, story, world, dependency_reads
):
    _warm(reader, story.get_absolute_url())
    ArticleFactory(headline="Work in progress", section=world)  # a draft: not on the page
    dependency_reads.clear()
    with CaptureQueriesContext(connection) as queries:
        _html(reader, story.get_absolute_url())
        _html(reader, story.get_absolute_url())
    assert len(queries) == 0  # still served from the cache...
    assert len(dependency_reads) == 1  # ...after one check


def test_a_page_checked_after_a_write_still_sees_the_next_write(reader, story, world):
    _warm(reader, story.get_absolute_url())
    ArticleFactory(headline="Work in progress", section=world)
    _warm(reader, story.get_absolute_url())  # checked at the new generation
    story.headline = "Talks collapse in Geneva"
    story.save()
    assert "Talks collapse in Geneva" in _html(reader, story.get_absolute_url())


def test_a_copy_stored_late_by_a_render_from_before_a_write_is_not_trusted(reader, story):
    from django.core.cache import cache

    page_key, _ = _keys(story.get_absolute_url())
    _warm(reader, story.get_absolute_url())
    old_copy = cache.get(page_key)
    story.headline = "Talks collapse in Geneva"
    story.save()
    _warm(reader, story.get_absolute_url())  # the new copy, checked at the new generation
    # A render that read the old rows before the save stores its copy only now.
    cache.set(page_key, old_copy, timeout=60)
    html = _html(reader, story.get_absolute_url())
    assert "Talks collapse in Geneva" in html and "Talks resume" not in html


def test_a_copy_stored_by_another_worker_replaces_the_one_held_here(reader, story):
    from django.core.cache import cache

    from pagecache import versions

    page_key, checked_key = _keys(story.get_absolute_url())
    _warm(reader, story.get_absolute_url())
    # Something the page does not show is written, and another worker finds its own copy of the
    # page unchanged at the new generation.
    versions.bump(["tag:999999:en"])
    theirs = {**cache.get(page_key), "id": versions.token(), "body": b"<p>Their copy</p>"}
    generation = cache.get(versions.GENERATION_KEY)
    cache.set_many({page_key: theirs, checked_key: (generation, theirs["id"])}, timeout=60)
    assert _html(reader, story.get_absolute_url()) == "<p>Their copy</p>"


@pytest.fixture
def round_trips(monkeypatch):
    """The keys of each pagecache.shared.read (one round trip each with Redis)."""
    from pagecache import shared

    reads = []
    real = shared.read

    def counted(keys):
        reads.append(list(keys))
        return real(keys)

    monkeypatch.setattr(shared, "read", counted)
    return reads


def test_a_held_page_is_answered_without_a_round_trip_until_something_is_written(
    reader, story, round_trips, page_cache
):
    from pagecache import versions

    url = story.get_absolute_url()
    _warm(reader, url)
    round_trips.clear()
    before = _html(reader, url)
    assert _html(reader, url) == before
    if page_cache == "redis":
        # Redis tells the process when the write generation changes (newsroom/cache.py, Watch).
        assert round_trips == []
    else:
        assert len(round_trips) == 2  # local memory costs nothing to ask; no copy held here
    versions.bump(["tag:999999:en"])  # a write elsewhere: the copy is checked again, once
    round_trips.clear()
    assert _html(reader, url) == before
    assert _html(reader, url) == before
    if page_cache == "redis":
        # One look at the generation and this copy's check, one at the page's dependencies,
        # then none again.
        assert len(round_trips) == 2
        assert round_trips[0] == [versions.GENERATION_KEY, _keys(url)[1]]
        assert all(key.startswith(versions.PREFIX) for key in round_trips[1])
    else:
        assert len(round_trips) == 3


@pytest.fixture
def url_resolutions(monkeypatch):
    """The paths whose URL Django resolved (BaseHandler.resolve_request)."""
    from django.core.handlers.base import BaseHandler

    paths = []
    real = BaseHandler.resolve_request

    def counted(self, request):
        paths.append(request.path)
        return real(self, request)

    monkeypatch.setattr(BaseHandler, "resolve_request", counted)
    return paths


def test_a_page_held_by_the_process_is_answered_before_its_url_is_resolved(
    reader, story, url_resolutions, page_cache
):
    _warm(reader, story.get_absolute_url())
    url_resolutions.clear()
    assert _html(reader, story.get_absolute_url())
    if page_cache == "redis-other-workers":
        assert url_resolutions == [story.get_absolute_url()]  # held nowhere: the view's way
    else:
        assert url_resolutions == []


def test_a_held_page_is_answered_before_the_session_and_the_user(
    reader, story, page_cache, monkeypatch
):
    from django.contrib.sessions.middleware import SessionMiddleware

    sessions = []
    real = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware, "process_request", lambda self, r: sessions.append(1) or real(self, r)
    )
    _warm(reader, story.get_absolute_url())
    sessions.clear()
    _html(reader, story.get_absolute_url())
    assert sessions == ([1] if page_cache == "redis-other-workers" else [])


def test_a_host_that_is_not_allowed_is_refused_before_any_copy(reader, story):
    _warm(reader, story.get_absolute_url())
    assert reader.get(story.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400


def test_logged_in_readers_are_not_answered_a_held_page(client, reader, story, editor_user):
    _warm(reader, story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(headline="Changed without signals")
    client.force_login(editor_user)
    response = client.get(story.get_absolute_url())
    assert "Changed without signals" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_only_get_and_head_are_answered_from_the_cache(reader, story):
    _warm(reader, story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(headline="Changed without signals")
    assert "Changed without signals" in reader.post(story.get_absolute_url()).content.decode()
    assert reader.head(story.get_absolute_url()).status_code == 200
    assert "Changed without signals" not in _html(reader, story.get_absolute_url())


def test_a_lost_generation_means_checking_the_dependencies(reader, story, dependency_reads):
    from django.core.cache import cache

    from pagecache import versions

    _warm(reader, story.get_absolute_url())
    cache.delete(versions.GENERATION_KEY)  # evicted
    dependency_reads.clear()
    _html(reader, story.get_absolute_url())
    assert len(dependency_reads) == 1
    cache.delete(versions.PREFIX + f"article:{story.pk}")  # and then a dependency
    Article.objects.filter(pk=story.pk).update(headline="Changed without signals")
    assert "Changed without signals" in _html(reader, story.get_absolute_url())


# --- Invalidation -----------------------------------------------------------------------------


def test_publishing_a_story_refreshes_its_lists(reader, story, world, ha):
    draft = ArticleFactory(headline="Ceasefire agreed", section=world, writers=[ha],
                           tags=["Diplomacy"])  # fmt: skip
    _warm(reader, *LISTS)
    draft.status, draft.publish_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    for url in LISTS:
        assert "Ceasefire agreed" in _html(reader, url), url


def test_editing_a_story_refreshes_its_page_and_lists(reader, story):
    _warm(reader, *LISTS, story.get_absolute_url())
    story.headline = "Talks collapse in Geneva"
    story.save()
    for url in [*LISTS, story.get_absolute_url()]:
        html = _html(reader, url)
        assert "Talks collapse in Geneva" in html and "Talks resume" not in html, url


def test_withdrawing_a_story_removes_it_everywhere(reader, story, world, ha):
    ArticleFactory(headline="Another story", live=True, section=world, writers=[ha],
                   tags=["Diplomacy"])  # fmt: skip
    _warm(reader, *LISTS, story.get_absolute_url())
    story.status = Article.Status.WITHDRAWN
    story.save()
    for url in LISTS:
        assert "Talks resume" not in _html(reader, url), url
    assert reader.get(story.get_absolute_url()).status_code == 404


def test_a_story_expiring_leaves_cached_pages_on_time(reader, story, world):
    story.expire_at = timezone.now() + timedelta(minutes=2)  # within the cache lifetime
    story.save()
    ArticleFactory(headline="Stays", live=True, section=world)
    _warm(reader, "/", "/world/")
    with time_machine.travel(story.expire_at + timedelta(seconds=1), tick=False):
        for url in ["/", "/world/"]:
            assert "Talks resume" not in _html(reader, url), url


def test_a_scheduled_story_appears_on_time_with_no_job(reader, story, world):
    soon = timezone.now() + timedelta(minutes=2)  # within the cache lifetime
    scheduled = ArticleFactory(headline="Embargoed report", status="published", publish_at=soon,
                               section=world)  # fmt: skip
    _warm(reader, "/", "/world/")
    assert "Embargoed report" not in _html(reader, "/")
    with time_machine.travel(scheduled.publish_at - timedelta(seconds=1), tick=False):
        assert "Embargoed report" not in _html(reader, "/")
    with time_machine.travel(scheduled.publish_at, tick=False):
        for url in ["/", "/world/"]:
            assert "Embargoed report" in _html(reader, url), url


def test_scheduling_a_story_after_pages_were_cached_still_shows_it_on_time(reader, story, world):
    _warm(reader, "/")
    soon = timezone.now() + timedelta(minutes=2)
    later = ArticleFactory(headline="Embargoed report", status="published", publish_at=soon,
                           section=world)  # fmt: skip
    _warm(reader, "/")
    with time_machine.travel(later.publish_at, tick=False):
        assert "Embargoed report" in _html(reader, "/")


# --- Article pages: what they show ends them at once, a publication elsewhere does not --------


@pytest.fixture
def related_bound(settings):
    """The longest a new story takes to reach an article page's related blocks, here."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_PAGE_CACHE_RELATED_SECONDS = 1200


@pytest.fixture
def clock():
    """The clock stopped at a whole second (moved by the tests)."""
    with time_machine.travel(timezone.now().replace(microsecond=0), tick=False) as traveller:
        yield traveller


def _blocks(client, url: str) -> str:
    """Related news and "more from this writer" (what follows the story's body)."""
    html = _html(client, url)
    assert "Related news" in html or "More from" in html, url
    return html.split('id="related-heading"' if "Related news" in html else 'id="more-heading"')[1]


def _no_queries(client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        html = _html(client, url)
    assert not queries.captured_queries, url  # the stored copy
    return html


def test_a_publication_leaves_the_pages_of_stories_sharing_its_tag_and_writer_stored(
    reader, story, world, ha, related_bound, clock
):
    ArticleFactory(headline="Earlier talks", live=True, section=world, writers=[ha],
                   tags=["Diplomacy"])  # fmt: skip
    draft = ArticleFactory(headline="Ceasefire agreed", section=world, writers=[ha],
                           tags=["Diplomacy"])  # fmt: skip
    _warm(reader, story.get_absolute_url())
    draft.status, draft.publish_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    html = _no_queries(reader, story.get_absolute_url())
    assert "Earlier talks" in html and "Ceasefire agreed" not in html


@pytest.mark.parametrize(
    ("age", "bound"),
    [
        (timedelta(minutes=5), timedelta(minutes=1)),  # at least a minute
        (timedelta(hours=1), timedelta(minutes=6)),  # a tenth of the story's age
        (timedelta(days=3), timedelta(minutes=20)),  # at most the setting
    ],
)
def test_a_publication_appears_in_related_news_within_a_bound_growing_with_age(
    reader, story, world, ha, related_bound, clock, age, bound
):
    story.publish_at = timezone.now() - age
    story.save()
    draft = ArticleFactory(headline="Ceasefire agreed", section=world, writers=[ha],
                           tags=["Diplomacy"])  # fmt: skip
    rendered = timezone.now()
    _warm(reader, story.get_absolute_url())
    clock.shift(timedelta(seconds=30))
    draft.status, draft.publish_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    clock.move_to(rendered + bound - timedelta(seconds=1))
    assert "Ceasefire agreed" not in _no_queries(reader, story.get_absolute_url())
    clock.move_to(rendered + bound)
    assert "Ceasefire agreed" in _blocks(reader, story.get_absolute_url())


def test_a_scheduled_story_going_live_leaves_article_pages_stored_and_lists_not(
    reader, story, world, ha, related_bound, clock
):
    soon = timezone.now() + timedelta(minutes=2)
    ArticleFactory(headline="Embargoed report", status="published", publish_at=soon,
                   section=world, writers=[ha], tags=["Diplomacy"])  # fmt: skip
    _warm(reader, story.get_absolute_url(), *LISTS)
    clock.move_to(soon)
    assert "Embargoed report" not in _no_queries(reader, story.get_absolute_url())
    for url in LISTS:
        assert "Embargoed report" in _html(reader, url), url


def test_a_story_shown_in_related_news_leaves_the_page_when_withdrawn(
    reader, story, world, related_bound
):
    other = ArticleFactory(headline="Earlier talks", live=True, section=world, tags=["Diplomacy"])
    assert "Earlier talks" in _blocks(reader, story.get_absolute_url())
    other.status = Article.Status.WITHDRAWN
    other.save()
    assert "Earlier talks" not in _html(reader, story.get_absolute_url())


def test_a_story_shown_from_the_same_writer_leaves_the_page_when_withdrawn(
    reader, story, ha, related_bound
):
    other = ArticleFactory(headline="Her other story", live=True, writers=[ha])
    assert "Her other story" in _blocks(reader, story.get_absolute_url())
    other.status = Article.Status.WITHDRAWN
    other.save()
    assert "Her other story" not in _html(reader, story.get_absolute_url())


def test_a_story_shown_in_related_news_leaves_the_page_the_second_it_expires(
    reader, story, world, ha, related_bound, clock
):
    expire_at = timezone.now() + timedelta(minutes=2)
    ArticleFactory(headline="Earlier talks", live=True, section=world, tags=["Diplomacy"],
                   expire_at=expire_at)  # fmt: skip
    ArticleFactory(headline="Her other story", live=True, writers=[ha], expire_at=expire_at)
    assert "Earlier talks" in _blocks(reader, story.get_absolute_url())
    clock.move_to(expire_at - timedelta(seconds=1))
    html = _no_queries(reader, story.get_absolute_url())
    assert "Earlier talks" in html and "Her other story" in html
    clock.move_to(expire_at)
    html = _html(reader, story.get_absolute_url())
    assert "Earlier talks" not in html and "Her other story" not in html


def test_an_article_page_expires_the_second_its_own_story_does(reader, story, related_bound, clock):
    story.expire_at = timezone.now() + timedelta(minutes=2)
    story.save()
    _warm(reader, story.get_absolute_url())
    clock.move_to(story.expire_at)
    assert reader.get(story.get_absolute_url()).status_code == 404


def _archived(story) -> None:
    """Make `story` three days old: its page is kept up to the related bound (20 minutes)."""
    story.publish_at = timezone.now() - timedelta(days=3)
    story.save()


def test_a_story_the_page_does_not_show_leaving_leaves_it_stored(
    reader, story, related_bound, clock
):
    _archived(story)
    expire_at = timezone.now() + timedelta(minutes=2)
    ArticleFactory(headline="Market report", live=True, section=SectionFactory(name="Business"),
                   expire_at=expire_at)  # fmt: skip
    assert "Market report" not in _html(reader, story.get_absolute_url())
    assert "Market report" in _html(reader, "/")
    clock.move_to(expire_at)
    assert "Market report" not in _no_queries(reader, story.get_absolute_url())
    assert "Market report" not in _html(reader, "/")  # lists: every departure ends them


def test_a_story_shown_once_it_went_live_on_schedule_leaves_the_page_the_second_it_expires(
    reader, story, world, related_bound, clock
):
    _archived(story)
    publish_at = timezone.now() + timedelta(minutes=1)
    expire_at = publish_at + timedelta(minutes=30)
    ArticleFactory(headline="Embargoed report", status="published", publish_at=publish_at,
                   expire_at=expire_at, section=world, tags=["Diplomacy"])  # fmt: skip
    assert "Embargoed report" not in _html(reader, story.get_absolute_url())
    clock.move_to(publish_at + timedelta(minutes=20))  # the page's bound: rendered again
    assert "Embargoed report" in _blocks(reader, story.get_absolute_url())
    clock.move_to(expire_at - timedelta(seconds=1))
    assert "Embargoed report" in _no_queries(reader, story.get_absolute_url())
    clock.move_to(expire_at)
    assert "Embargoed report" not in _html(reader, story.get_absolute_url())


def test_a_story_shown_leaves_on_time_beyond_the_expiries_the_schedule_holds(
    reader, story, world, related_bound, clock, monkeypatch
):
    from pagecache import schedule

    monkeypatch.setattr(schedule, "EXPIRIES_HELD", 1)  # only the first departure is known
    _archived(story)
    first = timezone.now() + timedelta(minutes=2)
    ArticleFactory(headline="Market report", live=True, section=SectionFactory(name="Business"),
                   expire_at=first)  # fmt: skip
    ArticleFactory(headline="Earlier talks", live=True, section=world, tags=["Diplomacy"],
                   expire_at=first + timedelta(minutes=2))  # fmt: skip
    assert "Earlier talks" in _blocks(reader, story.get_absolute_url())
    clock.move_to(first + timedelta(minutes=2) - timedelta(seconds=1))
    assert "Earlier talks" in _html(reader, story.get_absolute_url())
    clock.move_to(first + timedelta(minutes=2))
    assert "Earlier talks" not in _html(reader, story.get_absolute_url())


def test_a_breaking_story_leaving_takes_its_banner_off_article_pages_the_second_it_expires(
    reader, story, world, related_bound, clock
):
    _archived(story)
    expire_at = timezone.now() + timedelta(minutes=2)
    flash = ArticleFactory(headline="Earthquake strikes", live=True,
                           section=SectionFactory(name="Science"), expire_at=expire_at)  # fmt: skip
    Breaking.objects.create(article=flash)
    assert "Earthquake strikes" in _html(reader, story.get_absolute_url())
    clock.move_to(expire_at - timedelta(seconds=1))
    assert "Earthquake strikes" in _no_queries(reader, story.get_absolute_url())
    clock.move_to(expire_at)
    assert "Earthquake strikes" not in _html(reader, story.get_absolute_url())


def test_renaming_a_tag_refreshes_the_article_pages_that_show_it(reader, story, related_bound):
    _warm(reader, story.get_absolute_url())
    tag = Tag.objects.get(slug="diplomacy")
    tag.name = "Foreign affairs"
    tag.save()
    assert "Foreign affairs" in _html(reader, story.get_absolute_url())


def test_renaming_a_writer_refreshes_the_article_pages_that_show_them(
    reader, story, world, ha, related_bound
):
    other = ArticleFactory(headline="Earlier talks", live=True, section=world, writers=[ha],
                           tags=["Diplomacy"])  # fmt: skip
    _warm(reader, story.get_absolute_url(), other.get_absolute_url())
    ha.name = "Nguyễn Thanh Hà"
    ha.save()
    for url in [story.get_absolute_url(), other.get_absolute_url()]:
        assert "Nguyễn Thanh Hà" in _html(reader, url), url


def test_a_breaking_story_going_live_on_schedule_shows_its_banner_on_article_pages(
    reader, story, world, related_bound, clock
):
    soon = timezone.now() + timedelta(minutes=2)
    flash = ArticleFactory(headline="Earthquake strikes", status="published", publish_at=soon,
                           section=world)  # fmt: skip
    Breaking.objects.create(article=flash)
    assert "Earthquake strikes" not in _html(reader, story.get_absolute_url())
    clock.move_to(soon)
    assert "Earthquake strikes" in _html(reader, story.get_absolute_url())


def test_moving_a_story_refreshes_the_old_and_new_sections(reader, story, world):
    ArticleFactory(headline="Stays in World", live=True, section=world)
    sport = SectionFactory(name="Sport")
    ArticleFactory(headline="Already in Sport", live=True, section=sport)
    _warm(reader, "/world/", "/sport/")
    story.section = sport
    story.save()
    assert "Talks resume" not in _html(reader, "/world/")
    assert "Talks resume" in _html(reader, "/sport/")


def test_untagging_a_story_refreshes_the_tag_page(reader, story):
    ArticleFactory(headline="Still tagged", live=True, tags=["Diplomacy"])
    _warm(reader, "/tags/diplomacy/")
    story.tags.remove("Diplomacy")
    assert "Talks resume" not in _html(reader, "/tags/diplomacy/")


def test_tagging_a_story_refreshes_the_tag_page(reader, story):
    ArticleFactory(headline="Trade story", live=True, tags=["Trade"])
    _warm(reader, "/tags/trade/")
    story.tags.add("Trade")
    assert "Talks resume" in _html(reader, "/tags/trade/")


def test_changing_the_writer_refreshes_both_writer_pages(reader, story, ha):
    ArticleFactory(headline="Her other story", live=True, writers=[ha])
    lan = WriterFactory(name="Ngọc Lan")
    ArticleFactory(headline="His story", live=True, writers=[lan])
    _warm(reader, "/writers/thanh-ha/", lan.get_absolute_url())
    byline = Byline.objects.get(article=story)
    byline.writer = lan
    byline.save()
    assert "Talks resume" not in _html(reader, "/writers/thanh-ha/")
    assert "Talks resume" in _html(reader, lan.get_absolute_url())


def test_renaming_a_section_refreshes_the_navigation_of_every_page(reader, story, world):
    _warm(reader, "/", story.get_absolute_url())
    world.name = "International"
    world.save()
    for url in ["/", story.get_absolute_url()]:
        assert "International" in _html(reader, url), url


def test_renaming_a_writer_refreshes_cards_on_the_home_page(reader, story, ha):
    _warm(reader, "/")
    ha.name = "Nguyễn Thanh Hà"
    ha.save()
    assert "Nguyễn Thanh Hà" in _html(reader, "/")


def test_an_editors_pick_refreshes_the_related_block(reader, story):
    pick = ArticleFactory(headline="Background: the Geneva process", live=True)
    _warm(reader, story.get_absolute_url())
    relate(story, pick)
    assert "Background: the Geneva process" in _html(reader, story.get_absolute_url())


def test_publishing_a_picked_story_refreshes_the_page_that_picked_it(reader, story):
    pick = ArticleFactory(headline="Background: the Geneva process", in_review=True)
    relate(story, pick)
    _warm(reader, story.get_absolute_url())
    assert "Background: the Geneva process" not in _html(reader, story.get_absolute_url())
    pick.status, pick.publish_at = Article.Status.PUBLISHED, timezone.now()
    pick.save()
    assert "Background: the Geneva process" in _html(reader, story.get_absolute_url())


def test_editing_a_related_story_refreshes_pages_that_show_it(reader, story, world):
    other = ArticleFactory(headline="Earlier talks", live=True, section=world, tags=["Diplomacy"])
    _warm(reader, story.get_absolute_url())
    other.headline = "Earlier talks, revisited"
    other.save()
    assert "Earlier talks, revisited" in _html(reader, story.get_absolute_url())


def test_a_correction_refreshes_the_story_page(reader, story):
    _warm(reader, story.get_absolute_url())
    story.corrections.create(text="An earlier version misspelt the minister's name.")
    assert "misspelt the minister" in _html(reader, story.get_absolute_url())


def test_saving_a_draft_leaves_the_home_page_cached(reader, story, world):
    draft = ArticleFactory(headline="Work in progress", section=world)
    _warm(reader, "/")
    Article.objects.filter(pk=story.pk).update(headline="Changed without signals")
    draft.headline = "Still in progress"
    draft.save()
    assert "Changed without signals" not in _html(reader, "/")  # still the stored copy


def test_a_page_rendered_while_a_story_changed_is_not_stored(reader, story, monkeypatch):
    import public.selectors

    real = public.selectors.front_page

    def read_then_someone_saves(**kwargs):
        page = real(**kwargs)  # the old rows are read...
        story.headline = "Talks collapse in Geneva"
        story.save()  # ...then an editor saves before the page is stored
        return page

    monkeypatch.setattr(public.selectors, "front_page", read_then_someone_saves)
    assert "Talks resume" in _html(reader, "/")
    monkeypatch.setattr(public.selectors, "front_page", real)
    assert "Talks collapse in Geneva" in _html(reader, "/")


# --- Discovery surfaces, pictures and the workflow ------------------------------------------

# Search, feeds, sitemaps and the API list the latest stories of the whole site.
DISCOVERY = [
    "/search/?q=geneva",
    "/feeds/rss/",
    "/feeds/sections/world/atom/",
    "/feeds/writers/thanh-ha/rss/",
    "/sitemap-news.xml",
    "/api/ninjs/articles/",
]


def test_discovery_pages_are_served_from_the_cache(reader, story):
    _warm(reader, *DISCOVERY)
    Article.objects.filter(pk=story.pk).update(headline="Geneva, changed without signals")
    for url in DISCOVERY:
        assert "changed without signals" not in _html(reader, url), url


def test_publishing_through_the_workflow_refreshes_every_surface(
    reader, story, world, ha, editor_user
):
    from workflow import transitions

    draft = ArticleFactory(headline="Geneva ceasefire agreed", section=world, writers=[ha],
                           tags=["Diplomacy"], in_review=True)  # fmt: skip
    sitemap = "/sitemap-articles.xml"
    _warm(reader, *LISTS, *DISCOVERY, sitemap)
    transitions.publish_now(draft, by=editor_user)
    for url in [*LISTS, *DISCOVERY]:
        assert "Geneva ceasefire agreed" in _html(reader, url), url
    assert draft.get_absolute_url() in _html(reader, sitemap)


def test_withdrawing_through_the_workflow_removes_it_from_every_surface(
    reader, story, world, ha, editor_user
):
    from workflow import transitions

    ArticleFactory(headline="Geneva, another story", live=True, section=world, writers=[ha],
                   tags=["Diplomacy"])  # fmt: skip
    sitemap = "/sitemap-articles.xml"
    _warm(reader, *LISTS, *DISCOVERY, sitemap)
    transitions.withdraw(story, by=editor_user, note="Legal advice")
    for url in [*LISTS, *DISCOVERY]:
        assert "Talks resume in Geneva" not in _html(reader, url), url
    assert story.get_absolute_url() not in _html(reader, sitemap)


def test_a_cached_sitemap_keeps_its_robots_header(reader, story):
    first = reader.get("/sitemap.xml")
    second = reader.get("/sitemap.xml")
    assert second["X-Robots-Tag"] == first["X-Robots-Tag"] != ""


def test_editing_a_picture_refreshes_the_pages_that_show_it(reader, story, ha):
    from tests.factories import ImageFactory

    story.hero_image = ImageFactory(alt_text="Delegates arrive")
    story.save()
    ha.photo = ImageFactory(alt_text="Portrait of Thanh Hà")
    ha.save()
    urls = ["/", "/world/", story.get_absolute_url(), "/writers/thanh-ha/"]
    _warm(reader, *urls)
    story.hero_image.alt_text = "Delegates arrive at the Palais des Nations"
    story.hero_image.save()
    ha.photo.alt_text = "Thanh Hà in the newsroom"
    ha.photo.save()
    assert "Palais des Nations" in _html(reader, story.get_absolute_url())
    assert "Thanh Hà in the newsroom" in _html(reader, "/writers/thanh-ha/")


def test_new_renditions_refresh_the_pages_that_show_the_picture(reader, story):
    from images.services import ensure_renditions
    from tests.factories import ImageFactory

    story.hero_image = ImageFactory(renditions=False)
    story.save()
    before = _html(reader, story.get_absolute_url())
    assert "/media/renditions/" not in before  # the original file until renditions exist
    ensure_renditions(story.hero_image)
    assert "/media/renditions/" in _html(reader, story.get_absolute_url())
