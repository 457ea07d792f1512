"""Django's Redis cache backend, with one Redis client per connection pool instead of one per
call.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation,
and redis-py 8 fills a table of about 170 response callbacks in each one: about 160 µs on the
benchmark machine, more than a round trip to a local Redis. A client holds no connection of its
own (the pool does, and replaces its connections after a fork) and is safe to share between
threads, so one per pool does.
"""

from __future__ import annotations

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
