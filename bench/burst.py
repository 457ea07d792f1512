"""Renders per publication under a burst: a published story is saved (as publishing or editing
one does: its page, the home page and its lists are invalidated), then `readers` anonymous
readers ask for the same page at the same moment; how many of them rendered it? Repeated for
`publications` saves, for the home page and the saved story's own page, with the page cache in
local memory and in Redis, with one render per missing page (pagecache/renders.py) and without
it (NEWSROOM_PAGE_CACHE_WAIT_MS=0, as before it existed).

    BENCH_DATABASE_URL=sqlite:///var/bench/bench-10000.sqlite3 .venv/bin/python -m bench.burst

In-process: the readers are threads, each with Django's test client (the whole middleware and
view; no HTTP server), sharing one process's page cache like a threaded server's workers, or
through Redis like separate processes. The renders are counted at
`pagecache.views._render_and_store`. Redis: $BENCH_REDIS, or redis://127.0.0.1:6379/0, under a
key prefix of its own deleted afterwards. The saves change no data (the story is saved as is).
"""

from __future__ import annotations

import os
import statistics
import threading
import uuid

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from articles.models import Article  # noqa: E402
from newsroom.env import cache_config  # noqa: E402
from pagecache import local, views  # noqa: E402

READERS = 32
PUBLICATIONS = 5


def run(readers: int = READERS, publications: int = PUBLICATIONS, redis_url: str | None = None):
    """{cache path: {"with one render": {page: [renders per save]}, "without": {...}}}."""
    redis_url = redis_url or os.environ.get("BENCH_REDIS") or "redis://127.0.0.1:6379/0"
    story = Article.objects.live().newest_first().first()
    pages = {"home": "/", "article": story.get_absolute_url()}
    results: dict = {"readers": readers, "publications": publications, "paths": {}}
    for path, url in [("local memory", "locmem://bench-burst"), ("Redis", redis_url)]:
        prefix = f"bench-burst-{uuid.uuid4().hex[:12]}"
        config = cache_config(url if path == "local memory" else f"{url}?prefix={prefix}")
        try:
            rows = {}
            for mode, wait_ms in [("without", 0), ("with one render", 3000)]:
                settings = {
                    "CACHES": {"default": config},
                    "NEWSROOM_PAGE_CACHE": True,
                    "NEWSROOM_PAGE_CACHE_WAIT_MS": wait_ms,
                }
                with override_settings(**settings):
                    rows[mode] = {
                        name: _renders(story, page, readers, publications)
                        for name, page in pages.items()
                    }
            results["paths"][path] = rows
        except Exception as error:  # Redis not there: say so, measure the rest
            results["paths"][path] = {"error": str(error)}
        finally:
            if path == "Redis":
                _forget(url, prefix)
    return results


def _renders(story: Article, url: str, readers: int, publications: int) -> list[int]:
    local.clear()
    Client().get(url)  # stored
    counts = []
    for _ in range(publications):
        story.save()
        counts.append(_burst(url, readers))
    return counts


def _burst(url: str, readers: int) -> int:
    rendered: list[str] = []
    real = views._render_and_store

    def counted(request, *args, **kwargs):
        rendered.append(request.path)
        return real(request, *args, **kwargs)

    start = threading.Barrier(readers)
    failures: list[int] = []

    def read() -> None:
        try:
            start.wait()
            status = Client().get(url).status_code
            if status != 200:
                failures.append(status)
        finally:
            connection.close()

    views._render_and_store = counted  # type: ignore[assignment]
    try:
        threads = [threading.Thread(target=read) for _ in range(readers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        views._render_and_store = real  # type: ignore[assignment]
    if failures:
        raise RuntimeError(f"{url}: answers {failures}")
    return len(rendered)


def _forget(redis_url: str, prefix: str) -> None:
    import redis

    try:
        server = redis.Redis.from_url(redis_url)
        keys = list(server.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            server.delete(*keys)
    except redis.exceptions.ConnectionError:
        pass


def summary(results: dict) -> list[str]:
    """Lines for the report and the console."""
    lines = []
    for path, rows in results["paths"].items():
        if "error" in rows:
            lines.append(f"{path}: not measured ({rows['error']})")
            continue
        for mode, pages in rows.items():
            figures = ", ".join(
                f"{page} {statistics.mean(counts):.1f} (max {max(counts)})"
                for page, counts in pages.items()
            )
            lines.append(f"{path}, {mode}: {figures}")
    return lines


if __name__ == "__main__":
    measured = run()
    print(
        f"Renders per publication, {measured['readers']} readers at once, "
        f"{measured['publications']} publications:"
    )
    for line in summary(measured):
        print(" ", line)
