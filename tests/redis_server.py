"""The Redis server the cache tests use: 127.0.0.1:6379, each test with a key prefix of its own.

Without a server the Redis tests are skipped, unless NEWSROOM_REQUIRE_REDIS=1 (as in .ci/run)
makes them fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from newsroom.env import cache_config

REDIS = "redis://127.0.0.1:6379/0"


def redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("NEWSROOM_REQUIRE_REDIS") == "1":
            raise
        pytest.skip("no Redis server on 127.0.0.1:6379")
    return client


@contextmanager
def redis_cache_settings() -> Iterator[dict]:
    """A CACHES entry for the production Redis backend under a fresh key prefix; the prefix's
    keys are deleted afterwards."""
    client = redis_or_skip()
    prefix = f"newsroom-test-{uuid.uuid4().hex}"
    try:
        yield cache_config(f"{REDIS}?prefix={prefix}")
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
