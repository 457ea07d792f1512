"""The Redis cache backend (newsroom/cache.py): Django's, with one client per connection pool.

Against the real Redis on 127.0.0.1:6379 (tests/redis_server.py).
"""

from __future__ import annotations

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
