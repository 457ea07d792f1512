"""Django's Redis cache backend, made to degrade instead of failing when Redis is unreachable, and
with one Redis client per connection pool instead of one per call.

**An unreachable Redis is an empty cache.** A connection error or a timeout (short ones: see
`newsroom.env.cache_config`), or a command refused (out of memory under `maxmemory-policy
noeviction`, a replica's READONLY), makes every operation answer as from an empty cache that forgets
what it is told: `get` gives the default, `get_many` nothing, `add` and `touch` False, `incr`
the delta (as if counting from zero), writes and deletes do nothing. The site then serves every
page uncached and the admin keeps saving. One WARNING is logged per process when Redis goes
away.

**A circuit breaker.** While Redis is away no request waits for it: each process skips it at
once, and a background thread of that process tries to reach it again after 1 s, then at growing
intervals up to `RETRY_MAX` seconds. When Redis answers, the thread first sends
`core.signals.cache_reconnected` (pagecache.signals marks every stored page stale: invalidations
made during the outage were lost), then lets requests use the cache again and logs one WARNING
saying so. A receiver that fails (Redis went away again) keeps the cache closed and the thread
retrying.

**The page cache's own calls** (pagecache/shared.py): `read_many`, a `get_many` without
Django's per-character key checks (memcached's rules, which the project's keys never break) or
the dictionaries built around it, about a quarter of the CPU of a page-cache hit's one round trip;
and `lock` / `unlock`, a short lock (`SET NX PX`, deleted only by its holder) for one render per
missing page. Both go through the breaker like every other call.

**Keys watched by this process** (`watched`): the page cache asks for the write generation on
every hit (pagecache.store). Its value is kept in the process and read again only when Redis
says it changed: one connection per process and key speaks RESP3 with `CLIENT TRACKING ON`, so
Redis pushes an invalidation down it when the key is written, evicted or flushed, and a lookup
first drains what has arrived (a poll of the socket, no round trip). The value is also read
again at least every `WATCH_TRUST` seconds, in case a connection stops delivering without
closing (a failover behind a name). redis-py's own client-side caching does this for any key,
but needs Redis 7.4 and this machine's Debian ships 7.0; the tracking it relies on is Redis 6's.

**One client per pool.** Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for
every cache operation, and redis-py 8 fills a table of about 170 response callbacks in each one:
about 160 µs on the benchmark machine, more than a round trip to a local Redis. A client holds
no connection of its own (the pool does, and replaces its connections after a fork) and is safe
to share between threads, so one per pool does.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from time import monotonic
from urllib.parse import urlsplit

from django.core.cache.backends import redis
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.signals import cache_reconnected

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_FIRST = 1.0
RETRY_MAX = 5.0


class Breaker:
    """Whether one Redis server is usable by this process, and the thread that watches for its
    return. Shared by every thread of the process (Django gives each thread its own backend)."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._lock = threading.Lock()
        self._away = False
        self._stop = threading.Event()
        self._probing = threading.local()

    @property
    def closed(self) -> bool:
        """False while this process skips the server. The probing thread always goes through."""
        return not self._away or getattr(self._probing, "active", False)

    def call(self, client: RedisCacheClient, fallback, operation: Callable, *args):
        """`operation(*args)`, or `fallback` while the server is away or when it fails."""
        if self._away and not getattr(self._probing, "active", False):
            return fallback
        try:
            return operation(client, *args)
        except UNREACHABLE as error:
            if getattr(self._probing, "active", False):
                raise  # the probe learns that Redis is still away
            self.trip(error, client.ping)
            return fallback
        except ResponseError as error:
            # Reachable but refusing: out of memory under `noeviction`, a replica's READONLY
            # during a failover. A refused write may be a lost invalidation, so this process
            # stops trusting the cache as if it were away; its return, when a write succeeds
            # again (the cache_reconnected receivers write), marks every stored page stale.
            if getattr(self._probing, "active", False):
                raise
            self.trip(error, client.ping, "refused a command")
            return fallback

    def trip(self, error: Exception, ping: Callable[[], object], what: str = "unreachable") -> None:
        with self._lock:
            if self._away:
                return
            self._away = True
            self._stop.clear()
        logger.warning(
            "Cache %s %s (%s): serving pages uncached, retrying in the background",
            self.location,
            what,
            error,
        )
        threading.Thread(
            target=self._probe, args=(ping,), name=f"cache-probe {self.location}", daemon=True
        ).start()

    def _probe(self, ping: Callable[[], object]) -> None:
        delay = RETRY_FIRST
        while not self._stop.wait(delay):
            if self._reconnect(ping):
                with self._lock:
                    self._away = False
                logger.warning("Cache %s reachable again: pages are cached again", self.location)
                return
            delay = min(delay * 2, RETRY_MAX)

    def _reconnect(self, ping: Callable[[], object]) -> bool:
        self._probing.active = True
        try:
            ping()
            cache_reconnected.send(sender=Breaker, location=self.location)
        except UNREACHABLE:
            return False
        except Exception:
            # A receiver's own bug: the cache stays closed rather than serve what it would have
            # marked stale.
            logger.exception("Cache %s: a cache_reconnected receiver failed", self.location)
            return False
        finally:
            self._probing.active = False
        return True

    def reset(self) -> None:
        """Forget an outage and stop watching (tests; and a forked child, whose parent's thread
        did not follow it)."""
        self._stop.set()
        with self._lock:
            self._away = False


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(server: str) -> Breaker:
    """The breaker of a server URL, named without its password: host:port/db (or a socket)."""
    parts = urlsplit(server)
    location = (
        f"{parts.hostname}:{parts.port or 6379}{parts.path}" if parts.hostname else parts.path
    )
    with _breakers_lock:
        return _breakers.setdefault(location, Breaker(location))


def reset_breakers() -> None:
    for breaker in list(_breakers.values()):
        breaker.reset()


os.register_at_fork(after_in_child=reset_breakers)


WATCH_TRUST = 0.5


class Watch:
    """The value of one key as this process last read it, while Redis has not said it changed
    since (see the module's docstring). Shared by the threads of a process."""

    def __init__(self, connection_kwargs: dict, key: str, loads: Callable) -> None:
        self._kwargs = {**connection_kwargs, "protocol": 3}
        self._key = key
        self._loads = loads
        self._lock = threading.Lock()
        self._connection: Connection | None = None
        self._value = None
        self._read_at: float | None = None  # None: not known
        self._refused = False

    def value(self):
        """The key's current value (None when it has none, or when this Redis refuses to track
        keys: read it then). Raises redis's errors when Redis is unreachable, having forgotten
        the value."""
        with self._lock:
            if self._refused:
                return None
            try:
                try:
                    return self._value_now(fresh=self._connection is None)
                except RedisConnectionError:
                    # A connection closed since its last use (a restart, CLIENT KILL, an idle
                    # timeout): one new one before calling Redis away. Not after a timeout: a
                    # hung server would make the request wait twice.
                    self.forget()
                    return self._value_now(fresh=True)
            except UNREACHABLE:
                self.forget()
                raise
            except RedisError as error:
                # A server without RESP3 or tracking (before Redis 6), or a proxy refusing them:
                # the key is read on every lookup, as it was.
                self.forget()
                self._refused = True
                logger.warning(
                    "Cache: cannot watch %s (%s): reading it every time", self._key, error
                )
                return None

    def _value_now(self, fresh: bool):
        connection = self._connect()
        while not fresh and connection.can_read(timeout=0):
            connection.read_response(push_request=True)  # calls _changed
        now = monotonic()
        if self._read_at is None or now - self._read_at >= WATCH_TRUST:
            connection.send_command("GET", self._key)
            raw = connection.read_response()
            self._value = None if raw is None else self._loads(raw)
            self._read_at = now
        return self._value

    def stale(self) -> None:
        """Read the key again at the next lookup."""
        self._read_at = None

    def forget(self) -> None:
        """Drop the connection and the value (after an error, and in a forked child, which must
        not share its parent's socket)."""
        connection, self._connection, self._read_at = self._connection, None, None
        if connection is not None:
            connection.disconnect()

    def _connect(self) -> Connection:
        if self._connection is None:
            connection = Connection(**self._kwargs)
            connection.connect()
            connection._parser.set_invalidation_push_handler(self._changed)
            connection.send_command("CLIENT", "TRACKING", "ON")
            connection.read_response()
            self._connection, self._read_at = connection, None
        return self._connection

    def _changed(self, message) -> None:
        # The only key this connection reads is ours: any invalidation is about it (or about
        # every key: a flush).
        self.stale()


_watches: dict[tuple[str, str], Watch] = {}
_watches_lock = threading.Lock()


def watch_for(location: str, connection_kwargs: dict, key: str, loads: Callable) -> Watch:
    with _watches_lock:
        found = _watches.get((location, key))
        if found is None:
            found = _watches[(location, key)] = Watch(connection_kwargs, key, loads)
        return found


def close_watches() -> None:
    """Close every watch's connection and forget them (tests, between Redis prefixes)."""
    with _watches_lock:
        watches = list(_watches.values())
        _watches.clear()
    for watch in watches:
        with watch._lock:
            watch.forget()


def _forget_watches() -> None:
    for watch in list(_watches.values()):
        watch._connection, watch._read_at = None, None  # the parent's socket: not closed here
        watch._lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_watches)


_Django = redis.RedisCacheClient


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, servers, **options) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, object] = {}
        self.breaker = breaker_for(servers[0])

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))  # pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client

    def _written(self, keys) -> None:
        """This process wrote `keys` (None: every key): a watch of one reads it again at its next
        lookup, without waiting for Redis's message (which another process does wait for).
        Called after the write: a lookup meanwhile, in another thread, may read the old value."""
        for (location, key), watch in list(_watches.items()):
            if location == self.breaker.location and (keys is None or key in keys):
                watch.stale()

    def ping(self) -> None:
        self.get_client(write=True).ping()

    # What an empty cache that forgets every write would answer.

    def add(self, key, value, timeout):
        result = self.breaker.call(self, False, _Django.add, key, value, timeout)
        self._written([key])
        return result

    def get(self, key, default):
        return self.breaker.call(self, default, _Django.get, key, default)

    def set(self, key, value, timeout):
        result = self.breaker.call(self, None, _Django.set, key, value, timeout)
        self._written([key])
        return result

    def touch(self, key, timeout):
        return self.breaker.call(self, False, _Django.touch, key, timeout)

    def delete(self, key):
        result = self.breaker.call(self, False, _Django.delete, key)
        self._written([key])
        return result

    def get_many(self, keys):
        return self.breaker.call(self, {}, _Django.get_many, keys)

    def has_key(self, key):
        return self.breaker.call(self, False, _Django.has_key, key)

    def incr(self, key, delta):
        result = self.breaker.call(self, delta, _Django.incr, key, delta)
        self._written([key])
        return result

    def set_many(self, data, timeout):
        result = self.breaker.call(self, None, _Django.set_many, data, timeout)
        self._written(data)
        return result

    def delete_many(self, keys):
        result = self.breaker.call(self, None, _Django.delete_many, keys)
        self._written(keys)
        return result

    def clear(self):
        result = self.breaker.call(self, False, _Django.clear)
        self._written(None)
        return result

    # The page cache's (RedisCache below): while Redis is away, nothing found, and no lock
    # taken nor refused (None: the caller renders without waiting).

    def read_many(self, keys):
        return self.breaker.call(self, [None] * len(keys), _read_many, keys)

    def watched(self, key):
        return self.breaker.call(self, None, _watched, key)

    def lock(self, key, value, milliseconds):
        return self.breaker.call(self, None, _lock, key, value, milliseconds)

    def unlock(self, key, value):
        return self.breaker.call(self, False, _unlock, key, value)


def _read_many(client: RedisCacheClient, keys: list[str]) -> list:
    loads = client._serializer.loads  # type: ignore[attr-defined]
    return [None if value is None else loads(value) for value in client.get_client().mget(keys)]


def _watched(client: RedisCacheClient, key: str):
    pool = client._get_connection_pool(True)  # type: ignore[attr-defined]
    loads = client._serializer.loads  # type: ignore[attr-defined]
    return watch_for(client.breaker.location, pool.connection_kwargs, key, loads).value()


def _lock(client: RedisCacheClient, key: str, value: int, milliseconds: int) -> bool:
    return bool(client.get_client(write=True).set(key, value, px=milliseconds, nx=True))


# Delete the lock only if it is still this holder's (it may have expired and been taken since).
_UNLOCK = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
)


def _unlock(client: RedisCacheClient, key: str, value: int) -> bool:
    return bool(client.get_client(write=True).eval(_UNLOCK, 1, key, value))


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def read_many(self, keys: list[str]) -> list:
        """The values of `keys`, in their order (None for a missing one), in one round trip."""
        return self._client.read_many([self.make_key(key) for key in keys])

    def watched(self, key: str):
        """The value of `key` (None when it has none or Redis is away), read from Redis only
        when it changed since this process last read it (see Watch)."""
        return self._client.watched(self.make_key(key))

    def lock(self, key: str, value: int, milliseconds: int) -> bool | None:
        """Set `key` to `value` for `milliseconds` unless it is set: whether it was; None while
        Redis is away."""
        return self._client.lock(self.make_key(key), value, milliseconds)

    def unlock(self, key: str, value: int) -> bool:
        """Delete `key` if it still holds `value`."""
        return self._client.unlock(self.make_key(key), value)

    @property
    def _client(self) -> RedisCacheClient:
        return self._cache  # type: ignore[return-value]
