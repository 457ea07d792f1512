"""The Redis cache backend (newsroom/cache.py): Django's, with one client per connection pool.

Against the real Redis on 127.0.0.1:6379 (tests/redis_server.py).
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches

from tests.redis_server import redis_cache_settings


@pytest.fixture
def redis_cache(settings):
    with redis_cache_settings() as config:
        settings.CACHES = {"default": config}
        yield caches["default"]


def test_the_backend_is_the_newsroom_one(redis_cache):
    assert type(redis_cache).__module__ == "newsroom.cache"


def test_it_stores_and_reads_as_djangos_does(redis_cache):
    redis_cache.set_many({"a": 1, "b": "two", "c": {"three": b"3"}}, timeout=30)
    assert redis_cache.get_many(["a", "b", "c", "missing"]) == {
        "a": 1,
        "b": "two",
        "c": {"three": b"3"},
    }
    assert redis_cache.incr("a") == 2
    redis_cache.delete("b")
    assert redis_cache.get("b", "gone") == "gone"


def test_one_client_serves_every_call(redis_cache):
    backend = redis_cache._cache
    assert backend.get_client() is backend.get_client()
    assert backend.get_client(write=True) is backend.get_client("key", write=True)


def test_read_many_reads_what_set_wrote_in_order(redis_cache):
    redis_cache.set_many({"gen": 12345678901234, "checked": (1, 2), "page": {"body": b"<p>"}})
    assert redis_cache.read_many(["checked", "missing", "gen", "page"]) == [
        (1, 2),
        None,
        12345678901234,
        {"body": b"<p>"},
    ]


def test_a_lock_is_taken_once_and_released_only_by_its_holder(redis_cache):
    assert redis_cache.lock("render", 111, 5000) is True
    assert redis_cache.lock("render", 222, 5000) is False  # held
    assert redis_cache.unlock("render", 222) is False  # not its holder
    assert redis_cache.get("render") == 111
    assert redis_cache.unlock("render", 111) is True
    assert redis_cache.lock("render", 222, 5000) is True


def test_a_lock_expires_by_the_millisecond(redis_cache):
    import time

    assert redis_cache.lock("render", 111, 50) is True
    time.sleep(0.2)
    assert redis_cache.lock("render", 222, 5000) is True


# --- Watched keys (the page cache's write generation) -----------------------------------------


def _set_elsewhere(redis_cache, key: str, value: int) -> None:
    """Write as another worker does: through a client of its own, so that only Redis knows."""
    import redis

    from tests.redis_server import REDIS

    with redis.Redis.from_url(REDIS) as client:
        client.set(redis_cache.make_key(key), value)


def _the_watch():
    from newsroom import cache

    (watch,) = cache._watches.values()
    return watch


def test_a_watched_key_is_read_once_while_nothing_writes_it(redis_cache, monkeypatch):
    from redis.connection import Connection

    redis_cache.set("gen", 1)
    sent = []
    real = Connection.send_command

    def recorded(self, *args, **kwargs):
        sent.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Connection, "send_command", recorded)
    assert [redis_cache.watched("gen") for _ in range(5)] == [1] * 5
    assert [args for args in sent if args[0] == "GET"] == [("GET", redis_cache.make_key("gen"))]


def test_a_watched_key_written_anywhere_is_read_again(redis_cache):
    redis_cache.set("gen", 1)
    assert redis_cache.watched("gen") == 1
    _set_elsewhere(redis_cache, "gen", 2)
    assert redis_cache.watched("gen") == 2
    redis_cache.set("gen", 3)  # this process's pool: another connection than the watch's
    assert redis_cache.watched("gen") == 3
    redis_cache.delete("gen")
    assert redis_cache.watched("gen") is None


def test_a_lost_invalidation_is_outlived_within_watch_trust(redis_cache, monkeypatch):
    from newsroom import cache

    redis_cache.set("gen", 1)
    assert redis_cache.watched("gen") == 1
    watch = _the_watch()
    watch._connection._parser.set_invalidation_push_handler(lambda message: None)  # lost
    _set_elsewhere(redis_cache, "gen", 2)
    assert redis_cache.watched("gen") == 1
    later = time.monotonic() + cache.WATCH_TRUST
    monkeypatch.setattr("newsroom.cache.monotonic", lambda: later)
    assert redis_cache.watched("gen") == 2


def test_a_closed_watch_connection_is_opened_again_without_calling_redis_away(redis_cache):
    import redis

    from tests.redis_server import REDIS

    redis_cache.set("gen", 1)
    assert redis_cache.watched("gen") == 1
    host, port = _the_watch()._connection._sock.getsockname()
    with redis.Redis.from_url(REDIS) as client:
        assert client.execute_command("CLIENT", "KILL", "ADDR", f"{host}:{port}") == 1
    _set_elsewhere(redis_cache, "gen", 2)  # its invalidation cannot reach the closed connection
    assert redis_cache.watched("gen") == 2
    assert redis_cache._cache.breaker.closed


def test_a_redis_refusing_to_track_keys_has_them_read_every_time(redis_cache, monkeypatch, caplog):
    from redis.exceptions import ResponseError

    from newsroom.cache import Watch

    def refuse(self):
        raise ResponseError("unknown command 'HELLO'")

    monkeypatch.setattr(Watch, "_connect", refuse)
    redis_cache.set("gen", 1)
    assert redis_cache.watched("gen") is None  # the page cache then reads it (pagecache.store)
    assert redis_cache.watched("gen") is None
    assert caplog.text.count("cannot watch") == 1
    assert redis_cache._cache.breaker.closed


def test_a_process_writing_a_watched_key_reads_it_again_without_waiting_for_redis(redis_cache):
    redis_cache.set("gen", 1)
    assert redis_cache.watched("gen") == 1
    _the_watch()._connection._parser.set_invalidation_push_handler(lambda message: None)
    redis_cache.set_many({"gen": 2, "other": 0})
    assert redis_cache.watched("gen") == 2
    redis_cache.set("gen", 3)
    assert redis_cache.watched("gen") == 3
    redis_cache.delete("gen")
    assert redis_cache.watched("gen") is None
