"""The Redis server the cache tests use: 127.0.0.1:6379, each test with a key prefix of its own;
and `OwnRedisServer`, a server a test starts, stops and pauses itself (tests/test_cache_outage.py).

Without a server the Redis tests are skipped, unless NEWSROOM_REQUIRE_REDIS=1 (as in .ci/run)
makes them fail instead.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from newsroom.cache import close_watches
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
        # Timeouts longer than production's: the shared server answers every helper's suite on a
        # busy machine, and a slow answer would turn a test's cache off (newsroom/cache.py).
        yield cache_config(f"{REDIS}?prefix={prefix}&socket_timeout=5&socket_connect_timeout=5")
    finally:
        close_watches()  # each prefix's generation key has a connection watching it
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


class OwnRedisServer:
    """A redis-server of the test's own, on a free port it picks, with no persistence: the test
    kills, pauses, resumes and restarts it. Without the binary the test is skipped (failed when
    NEWSROOM_REQUIRE_REDIS=1)."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            if os.environ.get("NEWSROOM_REQUIRE_REDIS") == "1":
                raise RuntimeError("redis-server is not installed")
            pytest.skip("redis-server is not installed")
        self.binary = binary
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self) -> None:
        """As a crash: SIGKILL, and wait until the port is closed."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None

    def pause(self) -> None:
        """SIGSTOP: connections stay open and nothing answers (a hung server); the data stays."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None:
            self.resume()
            self.kill()
