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
