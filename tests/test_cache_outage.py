"""The site while its Redis is away: every page served uncached, the admin saving, one warning,
and the cache taken up again on its own, with no page an outage edit made stale (newsroom/cache.py,
pagecache.signals).

Against a redis-server each test starts on a free port of its own, kills or pauses (SIGSTOP), and
starts again on the same port.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom import cache as newsroom_cache
from newsroom.env import cache_config
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, SectionFactory, WriterFactory
from tests.redis_server import OwnRedisServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_server():
    server = OwnRedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def redis_cache(settings, redis_server, monkeypatch):
    """The production backend on the test's own server, retrying every 50 to 200 ms."""
    monkeypatch.setattr(newsroom_cache, "RETRY_FIRST", 0.05)
    monkeypatch.setattr(newsroom_cache, "RETRY_MAX", 0.2)
    url = f"{redis_server.url}?socket_timeout=0.2&socket_connect_timeout=0.2"
    settings.CACHES = {"default": cache_config(url)}
    yield newsroom_cache.breaker_for(redis_server.url)
    newsroom_cache.reset_breakers()
    newsroom_cache.close_watches()


@pytest.fixture
def story():
    return ArticleFactory(headline="Talks resume in Geneva", live=True,
                          section=SectionFactory(name="World"))  # fmt: skip


def _page(client, url: str) -> tuple[str, int]:
    """The page's HTML and the number of queries it took (0: served from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def _until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.02)


def _cache_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "newsroom.cache"]


# --- Redis up -----------------------------------------------------------------------------------


def test_pages_are_cached_while_redis_is_up(reader, story):
    first, _ = _page(reader, story.get_absolute_url())
    second, queries = _page(reader, story.get_absolute_url())
    assert second == first and queries == 0


# --- Redis away ---------------------------------------------------------------------------------


@pytest.mark.parametrize("outage", ["killed", "paused"])
def test_every_page_is_served_uncached_while_redis_is_away(reader, story, redis_server, outage):
    urls = ["/", "/world/", story.get_absolute_url(), "/search/?q=Geneva", "/feeds/rss/"]
    for url in urls:
        _page(reader, url)
    redis_server.kill() if outage == "killed" else redis_server.pause()
    for url in urls * 3:
        _, queries = _page(reader, url)
        assert queries > 0  # rendered, not served from a cache


def test_one_warning_over_many_requests_while_redis_is_away(reader, story, redis_server, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.cache")
    redis_server.kill()
    for _ in range(50):
        _page(reader, story.get_absolute_url())
    [warning] = _cache_warnings(caplog)
    assert "unreachable" in warning and "uncached" in warning
    assert [r.levelname for r in caplog.records if r.name == "newsroom.cache"] == ["WARNING"]


def test_requests_skip_redis_while_it_is_away(reader, story, redis_server, monkeypatch):
    """No request waits for a connection that will fail: only the first one tries."""
    monkeypatch.setattr(newsroom_cache, "RETRY_FIRST", 60)  # no background retry meanwhile
    attempts = []
    connect = newsroom_cache.RedisCacheClient.get_client

    def counting(self, *args, **kwargs):
        attempts.append(1)
        return connect(self, *args, **kwargs)

    redis_server.kill()
    monkeypatch.setattr(newsroom_cache.RedisCacheClient, "get_client", counting)
    for _ in range(20):
        _page(reader, story.get_absolute_url())
    assert len(attempts) == 1


def test_the_page_caches_own_calls_answer_as_an_empty_cache_while_redis_is_away(redis_server):
    from django.core.cache import cache

    cache.set("gen", 1)
    redis_server.kill()
    assert cache.read_many(["gen", "other"]) == [None, None]
    assert cache.lock("render", 1, 1000) is None  # neither taken nor refused: do not wait
    assert cache.unlock("render", 1) is False


def test_a_story_edited_while_redis_is_away_is_shown_fresh(reader, story, redis_server):
    _page(reader, story.get_absolute_url())
    redis_server.kill()
    story.headline = "Talks collapse in Geneva"
    story.save()  # its invalidations cannot reach Redis: the save succeeds all the same
    html, _ = _page(reader, story.get_absolute_url())
    assert "Talks collapse in Geneva" in html
    assert "Talks resume in Geneva" not in html


def test_a_hung_redis_is_found_away_within_the_watchs_trust(
    reader, story, redis_server, redis_cache, monkeypatch
):
    """A held page is answered without asking Redis while nothing is written (newsroom/cache.py,
    Watch); a server that stops answering without closing its connections is asked again, and
    found away, after WATCH_TRUST."""
    url = story.get_absolute_url()
    _page(reader, url)
    assert _page(reader, url)[1] == 0  # held, and the generation watched
    redis_server.pause()
    assert _page(reader, url)[1] == 0  # within the trust: nothing was written through Redis
    later = time.monotonic() + newsroom_cache.WATCH_TRUST
    monkeypatch.setattr("newsroom.cache.monotonic", lambda: later)
    assert _page(reader, url)[1] > 0
    assert not redis_cache.closed


def test_a_flushed_redis_has_held_pages_checked_again(reader, story, redis_server):
    import redis

    url = story.get_absolute_url()
    _page(reader, url)
    assert _page(reader, url)[1] == 0
    with redis.Redis.from_url(redis_server.url) as client:
        client.flushdb()
    assert _page(reader, url)[1] > 0  # its versions are gone: rendered again
    assert _page(reader, url)[1] == 0


def test_a_redis_refusing_writes_is_treated_as_away_until_it_takes_them_again(
    reader, story, redis_server, redis_cache, caplog
):
    """Out of memory under `noeviction`: every write is refused (an OOM error, not a connection
    error). A refused write may be a lost invalidation, so the process serves pages uncached,
    and once writes are taken again every page stored before is stale."""
    import redis

    caplog.set_level(logging.WARNING, logger="newsroom.cache")
    url = story.get_absolute_url()
    _page(reader, url)
    assert _page(reader, url)[1] == 0
    with redis.Redis.from_url(redis_server.url) as client:
        client.config_set("maxmemory-policy", "noeviction")
        client.config_set("maxmemory", 1)  # below what is used: every write is refused
        story.headline = "Talks collapse in Geneva"
        story.save()  # its invalidation is refused: the save succeeds all the same
        for _ in range(3):
            html, queries = _page(reader, url)
            assert queries > 0 and "Talks collapse in Geneva" in html
        assert "refused a command" in _cache_warnings(caplog)[0]
        assert not redis_cache.closed
        client.config_set("maxmemory", 0)
    _until(lambda: redis_cache.closed)
    html, _ = _page(reader, url)
    assert "Talks collapse in Geneva" in html
    assert _page(reader, url)[1] == 0  # cached again


def test_the_admin_keeps_working_while_redis_is_away(client, editor_user, redis_server):
    redis_server.kill()
    login = client.post(
        "/admin/login/?next=/admin/", {"username": editor_user.username, "password": "password"}
    )
    assert login.status_code == 302 and login["Location"] == "/admin/"
    story = ArticleFactory(in_review=True, headline="Ferry service resumes",
                           writers=[WriterFactory(name="Ngọc Lan")])  # fmt: skip
    change = f"/admin/articles/article/{story.pk}/change/"
    data = form_data(client.get(change)) | {"headline": "Ferry service resumes in Hạ Long"}
    assert client.post(change, data).status_code == 302
    publish = client.post(f"/admin/articles/article/{story.pk}/workflow/publish_now/")
    assert publish.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Ferry service resumes in Hạ Long" and story.is_live()


# --- Redis back ---------------------------------------------------------------------------------


def test_pages_are_cached_again_once_redis_returns(reader, story, redis_server, redis_cache):
    redis_server.kill()
    _page(reader, story.get_absolute_url())
    assert not redis_cache.closed
    redis_server.start()  # the same port; Django is not restarted
    _until(lambda: redis_cache.closed)
    first, _ = _page(reader, story.get_absolute_url())
    second, queries = _page(reader, story.get_absolute_url())
    assert second == first and queries == 0


def test_one_warning_when_redis_returns(reader, story, redis_server, redis_cache, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.cache")
    redis_server.kill()
    _page(reader, story.get_absolute_url())
    redis_server.start()
    _until(lambda: redis_cache.closed)
    for _ in range(10):
        _page(reader, story.get_absolute_url())
    unreachable, back = _cache_warnings(caplog)
    assert "unreachable" in unreachable and "reachable again" in back


def test_a_page_changed_during_the_outage_is_not_served_stale_after_it(
    reader, story, redis_server, redis_cache
):
    """A paused server keeps its data: the page stored before the outage is still in Redis, and
    the edit's invalidations were lost. Finding Redis again marks every stored page stale."""
    url = story.get_absolute_url()
    _page(reader, url)
    assert _page(reader, url)[1] == 0  # stored
    redis_server.pause()
    _page(reader, "/")  # the cache is found away
    assert not redis_cache.closed
    story.headline = "Talks collapse in Geneva"
    story.save()
    redis_server.resume()
    _until(lambda: redis_cache.closed)
    html, _ = _page(reader, url)
    assert "Talks collapse in Geneva" in html
    assert "Talks resume in Geneva" not in html


def test_the_most_read_count_and_list_keep_the_site_up_while_redis_is_away(
    reader, story, redis_server
):
    from mostread import clients, counting

    counting.add_reads(story.pk, 5, counting.hour_of(time.time()))
    html, _ = _page(reader, "/")
    assert 'class="most-read"' in html
    redis_server.kill()
    beacon = {"story": story.pk, "token": clients.story_token(story.pk)}
    for _ in range(3):
        response = reader.post("/most-read/read/", beacon, HTTP_USER_AGENT="Mozilla/5.0 (X11)",
                               HTTP_SEC_FETCH_SITE="same-origin")  # fmt: skip
        assert response.status_code == 204
    for url in ["/", story.get_absolute_url()]:
        html, _ = _page(reader, url)  # rendered, without the list: nothing to read it from
        assert 'class="most-read"' not in html
