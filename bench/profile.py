"""Where a page's milliseconds go: cProfile over repeated renders, split into the request
handling around the view (middleware, URL resolving), the ORM (building and running queries,
making model instances), the database driver, and template rendering.

    BENCH_DATABASE_URL=sqlite:///var/bench/bench-10000.sqlite3 python -m bench.profile article

Run it on a seeded benchmark database (`make bench` creates them). Page cache off.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.pages import pages  # noqa: E402

PARTS = {
    "template rendering (Jinja2)": ("django/template/backends/jinja2.py", "render"),
    "prepared queries (core.prepared: run, rows)": ("core/prepared.py", "run"),
    "other ORM queries": ("django/db/models/query.py", "_fetch_all"),
    "database driver": ("django/db/backends/utils.py", "_execute"),
}


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "article"
    renders = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    url = {page.name: page.url for page in pages()[0]}[name]
    client = Client()
    with override_settings(NEWSROOM_PAGE_CACHE=False):
        for _ in range(5):
            client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(renders):
            client.get(url)
        profiler.disable()
    stats = pstats.Stats(profiler)
    total = _cumulative(stats, "django/test/client.py", "get") / renders
    view = _view_time(stats) / renders
    print(f"{name} ({url}): {total * 1000:.1f} ms a request under the profiler")
    print(f"  around the view (middleware, URL resolving): {(total - view) / total:.0%}")
    for label, (path, function) in PARTS.items():
        share = _cumulative(stats, path, function) / renders / total
        print(f"  {label}: {share:.0%}")
    stats.sort_stats("tottime").print_stats(15)


def _cumulative(stats: pstats.Stats, path: str, function: str) -> float:
    best = 0.0
    for (filename, _, func), (_, _, _, cumulative, _) in stats.stats.items():
        if filename.endswith(path) and func == function:
            best = max(best, cumulative)
    return best


def _view_time(stats: pstats.Stats) -> float:
    best = 0.0
    for (filename, _, func), (_, _, _, cumulative, _) in stats.stats.items():
        if filename.endswith("pagecache/views.py") and func == "wrapped":
            best = max(best, cumulative)
    return best


if __name__ == "__main__":
    main()
