"""Instructions per request of each page, counted by callgrind: figures that do not depend on
what else the machine is doing (docs/performance.md, "Where the time goes now").

    BENCH_DATABASE_URL=sqlite:///var/bench/bench-10000.sqlite3 \\
      valgrind --tool=callgrind --callgrind-out-file=var/bench/callgrind.%p \\
      .venv/bin/python -m bench.instructions 20 floor article section tag home
    grep -H '^desc: Trigger\\|^summary' var/bench/callgrind.*.*

Each page is requested 5 times to warm up, then `count` times through Django's test client
(page cache off); after each page the process asks callgrind to dump its counters
(`callgrind_control -d <page>`), so each dump file holds one page's `count` requests: divide its
`summary` by `count`. "floor" is the framework floor of the article's size (bench/urls.py).

`--hits locmem` or `--hits redis` counts page-cache hits instead: the page cache on, in local
memory or in Redis (`--redis`, default redis://127.0.0.1:6379/0, under a key prefix of its own
that is deleted afterwards), so every counted request after the warm-up is a hit, as a worker
answers a page it has served before while nothing is written.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import uuid

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.pages import pages  # noqa: E402
from newsroom.env import cache_config  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions")
    parser.add_argument("count", type=int)
    parser.add_argument("names", nargs="+")
    parser.add_argument("--hits", choices=["locmem", "redis"], help="count page-cache hits")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    urls = {page.name: page.url for page in pages()[0]}
    client = Client()
    with override_settings(NEWSROOM_PAGE_CACHE=False):
        floor = f"/__bench__/floor/{len(client.get(urls['article']).content)}/"
    targets = [(name, floor if name == "floor" else urls[name]) for name in args.names]
    if args.hits is None:
        with override_settings(NEWSROOM_PAGE_CACHE=False):
            _count(client, targets, args.count)
        return
    prefix = f"bench-instructions-{uuid.uuid4().hex}"
    url = f"locmem://{prefix}" if args.hits == "locmem" else f"{args.redis}?prefix={prefix}"
    try:
        with override_settings(NEWSROOM_PAGE_CACHE=True, CACHES={"default": cache_config(url)}):
            _count(client, targets, args.count)
    finally:
        if args.hits == "redis":
            import redis

            server = redis.Redis.from_url(args.redis)
            keys = list(server.scan_iter(match=f"{prefix}:*", count=1000))
            if keys:
                server.delete(*keys)


def _count(client: Client, targets: list[tuple[str, str]], count: int) -> None:
    for _, url in targets:
        for _ in range(5):
            assert client.get(url).status_code == 200, url
    _dump("warm-up")
    for name, url in targets:
        for _ in range(count):
            client.get(url)
        _dump(name)


def _dump(label: str) -> None:
    subprocess.run(
        ["callgrind_control", "-d", label, str(os.getpid())], check=True, capture_output=True
    )


if __name__ == "__main__":
    main()
