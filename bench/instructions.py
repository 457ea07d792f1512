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
"""

from __future__ import annotations

import os
import subprocess
import sys

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.pages import pages  # noqa: E402


def main() -> None:
    count, names = int(sys.argv[1]), sys.argv[2:]
    urls = {page.name: page.url for page in pages()[0]}
    client = Client()
    with override_settings(NEWSROOM_PAGE_CACHE=False):
        floor = f"/__bench__/floor/{len(client.get(urls['article']).content)}/"
        targets = [(name, floor if name == "floor" else urls[name]) for name in names]
        for _, url in targets:
            for _ in range(5):
                client.get(url)
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
