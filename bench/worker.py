"""One benchmark run on one database (bench.run starts it with BENCH_DATABASE_URL set):
migrate and seed if needed, measure every page in-process, EXPLAIN the hot queries, then load
them over HTTP under gunicorn, uncached and cached, next to the framework floor. Writes
var/bench/results-<database>-<n>.json.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from articles.models import Article  # noqa: E402
from bench import load, report, seed  # noqa: E402
from bench.pages import Page, pages  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "var" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--pages",
        default="",
        help="only these pages: a page's whole name, or comma-separated starts of names",
    )
    args = parser.parse_args()

    result: dict = {
        "database": args.label,
        "n": args.n,
        "machine": report.machine(),
        "versions": versions(),
    }
    result["seed"] = prepare(args.n, OUT / f"seed-{args.label}-{args.n}.json")
    found, notes = pages()
    if args.pages:
        found = chosen(found, args.pages)
    for note in notes:
        print("  note:", note)
    result["notes"] = notes
    result["pages"] = {page.name: in_process(page, args.requests) for page in found}
    _print_in_process(result["pages"])
    result["explain"] = explain(found)
    if not args.skip_http:
        result["http"] = http(found, result["pages"], args)
    result["burst"] = renders_per_publication()
    result["measured_at"] = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"  # when the run ended
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"results-{args.label}-{args.n}.json"
    path.write_text(json.dumps(result, indent=1, default=str))
    print(f"  results: {path.relative_to(OUT.parent.parent)}")


def chosen(found: list, spec: str) -> list:
    """The pages `--pages` names: the one whose whole name it is ("home, every slot pinned":
    page names hold commas), else each page whose name starts with one of its comma-separated
    parts ("home,live" chooses "home", "home, every slot pinned" and "live, 200 entries")."""
    whole = [page for page in found if page.name == spec.strip()]
    if whole:
        return whole
    parts = [part.strip() for part in spec.split(",") if part.strip()]
    return [page for page in found if any(page.name.startswith(part) for part in parts)]


def versions() -> dict[str, str]:
    import platform
    from importlib.metadata import version

    connection.ensure_connection()
    if connection.vendor == "postgresql":
        server = connection.pg_version
        database = f"PostgreSQL {server // 10000}.{server % 10000}"
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": version("gunicorn"),
        "database": database,
    }


def prepare(n: int, record: Path) -> dict:
    """Migrate and seed; the seeding times are kept beside the database for later runs."""
    call_command("migrate", verbosity=0, interactive=False)
    stories = Article.objects.count()
    if stories == n:
        print(f"  database already holds {n} stories; reusing it (--reseed to start again)")
        vacuum_once()
        return json.loads(record.read_text()) if record.exists() else {"reused": True}
    if stories:
        sys.exit(f"  the benchmark database holds {stories} stories, not {n}: use --reseed")
    print(f"  seeding {n} stories...", flush=True)
    timings = seed.seed(n)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, on both databases
    vacuum_once()
    print("  seeded in " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()), flush=True)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(timings))
    return timings


def vacuum_once() -> None:
    """On PostgreSQL, VACUUM a database that was never vacuumed: what autovacuum does to a
    production database soon after a bulk load. Until then no page is marked all-visible, so
    every index-only scan also reads the table, and plans (a prepared statement's generic plan
    above all: core/prepared.py) are costed for that (a story's related news read all of a busy
    tag's taggings). Benchmark servers often run with autovacuum off, for steady figures."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_stat_user_tables WHERE relname = 'articles_article'"
            " AND (last_vacuum IS NOT NULL OR last_autovacuum IS NOT NULL)"
        )
        if cursor.fetchone():
            return
        print("  VACUUM ANALYZE (never vacuumed)...", flush=True)
        cursor.execute("VACUUM ANALYZE")


def in_process(page: Page, requests: int) -> dict:
    """Queries per request and render time with the Django test client, page cache off."""
    client = Client()
    with override_settings(NEWSROOM_PAGE_CACHE=False):
        response = client.get(page.url)
        if response.status_code != 200:
            return {"url": page.url, "status": response.status_code}
        with captured() as queries:
            client.get(page.url)
        times = []
        deadline = time.monotonic() + 30
        for _ in range(requests):
            started = time.perf_counter()
            client.get(page.url)
            times.append((time.perf_counter() - started) * 1000)
            if time.monotonic() > deadline:
                break
    times.sort()
    return {
        "url": page.url,
        "status": 200,
        "bytes": len(response.content),
        "queries": len(queries),
        "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, int(len(times) * 0.95))],
        "samples": len(times),
    }


def explain(found: list[Page]) -> dict[str, list[dict]]:
    """The plans of each page's list queries (those that order, group or count)."""
    client = Client()
    plans: dict[str, list[dict]] = {}
    with override_settings(NEWSROOM_PAGE_CACHE=False):
        for page in found:
            with captured() as queries:
                client.get(page.url)
            plans[page.name] = [
                {"sql": sql, "plan": _plan(sql, params)}
                for sql, params in queries
                if any(word in sql for word in ("ORDER BY", "GROUP BY", "COUNT(", "MIN("))
            ]
    return plans


@contextmanager
def captured():
    """The (sql, params) of every query run inside the block."""
    queries: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield queries


def _plan(sql: str, params) -> str:
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            rows = cursor.fetchall()
    except Exception as error:  # a captured query may not re-execute verbatim
        return f"(could not explain: {error})"
    if connection.vendor == "postgresql":
        return "\n".join(row[0] for row in rows)
    return "\n".join(f"{'  ' * _depth(rows, row)}{row[-1]}" for row in rows)


def _depth(rows, row) -> int:
    parents = {r[0]: r[1] for r in rows}
    depth, parent = 0, row[1]
    while parent:
        depth, parent = depth + 1, parents.get(parent, 0)
    return depth


# A page slower than this in-process is not load-tested uncached (its figure says enough).
SLOW_PAGE_MS = 1000


def http(found: list[Page], measured: dict, args) -> dict:
    wrk = load.find_wrk()
    env = {
        "BENCH_DATABASE_URL": os.environ["BENCH_DATABASE_URL"],
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    results: dict = {
        "tool": "wrk" if wrk else "python",
        "connections": args.connections,
        "duration": args.duration,
        "rounds": args.rounds,
        "seconds_per_run": _seconds_per_run(args),
    }
    with load.redis_server() as redis_url:
        results["cache_paths"] = dict(CACHE_PATHS)
        for mode in CACHE_PATHS:
            if mode == "cached-redis" and redis_url is None:
                print("  cached, Redis: skipped, no redis-server installed and no $BENCH_REDIS")
                continue
            results[mode] = _load_mode(mode, found, measured, args, wrk, env, redis_url)
    return results


# The cache path of each mode, named in the table (bench/report.py).
CACHE_PATHS = {
    "uncached": "page cache off",
    "cached": "local memory (each worker its own)",
    "cached-redis": "Redis (shared by the workers; a redis-server of the benchmark's own on "
    "127.0.0.1 unless $BENCH_REDIS is set)",
}


def _cache_env(mode: str, redis_url: str | None, prefix: str) -> dict[str, str]:
    if mode == "uncached":
        return {"NEWSROOM_PAGE_CACHE": "false", "CACHE_URL": "locmem://bench"}
    if mode == "cached":
        return {"NEWSROOM_PAGE_CACHE": "true", "CACHE_URL": "locmem://bench"}
    return {"NEWSROOM_PAGE_CACHE": "true", "CACHE_URL": f"{redis_url}?prefix={prefix}"}


def _load_mode(mode, found, measured, args, wrk, env, redis_url) -> dict:
    prefix = f"bench-{uuid.uuid4().hex[:12]}"
    rows = {}
    try:
        with load.gunicorn({**env, **_cache_env(mode, redis_url, prefix)}) as base:
            for page in found:
                info = measured.get(page.name, {})
                if info.get("status") != 200:
                    continue
                if mode == "uncached" and info.get("median_ms", 0) > SLOW_PAGE_MS:
                    # Its requests would only queue behind each other and time out.
                    print(
                        f"  {mode:12} {page.name:18} skipped: in-process median "
                        f"{info['median_ms']:.0f} ms > {SLOW_PAGE_MS} ms",
                        flush=True,
                    )
                    continue
                floor_path = f"/__bench__/floor/{info['bytes']}/"
                try:
                    for path in (page.url, floor_path):  # warm every worker and the cache
                        for _ in range(4):
                            load.get(base, path)
                except TimeoutError:
                    print(f"  {mode:12} {page.name:18} skipped: warm-up timed out", flush=True)
                    continue
                measure = functools.partial(
                    load.run,
                    duration=_seconds_per_run(args),
                    connections=args.connections,
                    wrk=wrk,
                )
                measured_page, floor, ratio, pairs = load.alternate(
                    functools.partial(measure, base, page.url),
                    functools.partial(measure, base, floor_path),
                    args.rounds,
                )
                rows[page.name] = {
                    "page": vars(measured_page),
                    "floor": vars(floor),
                    "ratio": ratio,
                    "rounds": pairs,
                }
                print(
                    f"  {mode:12} {page.name:18} {measured_page.rps:8.0f}/s  "
                    f"p50 {measured_page.p50_ms:6.1f} ms  p99 {measured_page.p99_ms:6.1f} ms  "
                    f"floor {floor.rps:8.0f}/s  ratio {rows[page.name]['ratio']:.0%}"
                    f"{'  ERRORS ' + str(measured_page.errors) if measured_page.errors else ''}",
                    flush=True,
                )
    finally:
        if mode == "cached-redis":
            _forget(redis_url, prefix)
    return rows


def _forget(redis_url: str, prefix: str) -> None:
    """Delete the run's keys (a shared $BENCH_REDIS keeps the dependency versions forever)."""
    import redis

    server = redis.Redis.from_url(redis_url)
    keys = list(server.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        server.delete(*keys)


def renders_per_publication() -> dict:
    """bench/burst.py, with the same kind of Redis as the cached run."""
    from bench import burst

    with load.redis_server() as redis_url:
        if redis_url is None:
            return {"error": "no redis-server installed and no $BENCH_REDIS"}
        measured = burst.run(redis_url=redis_url)
    print(
        f"  renders per publication, {measured['readers']} readers at once "
        f"({measured['publications']} publications):"
    )
    for line in burst.summary(measured):
        print("   ", line, flush=True)
    return measured


def _seconds_per_run(args) -> int:
    """Each page and its floor get `duration` seconds in all, in `rounds` runs each."""
    return max(1, round(args.duration / args.rounds))


def _print_in_process(rows: dict) -> None:
    print(f"  {'page':18} {'queries':>7} {'median':>9} {'p95':>9} {'bytes':>8}")
    for name, row in rows.items():
        if row.get("status") != 200:
            print(f"  {name:18} status {row.get('status')} ({row['url']})")
            continue
        print(
            f"  {name:18} {row['queries']:7d} {row['median_ms']:7.1f}ms {row['p95_ms']:7.1f}ms "
            f"{row['bytes']:8d}"
        )


if __name__ == "__main__":
    main()
