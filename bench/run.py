"""`make bench` / `python -m bench`: seed separate databases and measure the public pages.

    python -m bench --n 10000 --db both --duration 10 --connections 16

SQLite: var/bench/bench-<n>.sqlite3. PostgreSQL: the database $BENCH_POSTGRES_DB (default
newsroom_bench_{n}, where {n} stands for n) on $BENCH_POSTGRES (default
postgres://postgres@127.0.0.1:5432), created if missing. A database that already holds n stories
is reused; --reseed starts again. The site's own database (var/db.sqlite3, $DATABASE_URL) is
never touched.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from bench import report

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="stories to seed (default 10000)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument(
        "--duration", type=int, default=10, help="seconds of load per page, as many for its floor"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="alternating page/floor runs per page (the duration is shared among them)",
    )
    parser.add_argument("--requests", type=int, default=60, help="in-process renders per page")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    parser.add_argument(
        "--pages",
        default="",
        help='only these pages: a page\'s whole name ("home, every slot pinned") or '
        "comma-separated starts of names (e.g. home,article)",
    )
    parser.add_argument("--skip-http", action="store_true", help="in-process figures only")
    parser.add_argument(
        "--write-docs",
        choices=["auto", "yes", "no"],
        default="no",
        help="update docs/performance.md's Results and EXPLAIN sections (default no: a run on "
        "a busy machine must not replace the figures; auto: only when n >= 10000)",
    )
    args = parser.parse_args()

    VAR.mkdir(parents=True, exist_ok=True)
    labels = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for label in labels:
        url = _sqlite(args.n, args.reseed) if label == "sqlite" else _postgres(args.n, args.reseed)
        print(f"\n== {label}, {args.n} stories ==", flush=True)
        started = time.monotonic()
        command = [
            sys.executable,
            "-m",
            "bench.worker",
            "--n",
            str(args.n),
            "--label",
            label,
            "--requests",
            str(args.requests),
            "--duration",
            str(args.duration),
            "--connections",
            str(args.connections),
            "--rounds",
            str(args.rounds),
        ]
        if args.skip_http:
            command.append("--skip-http")
        if args.pages:
            command += ["--pages", args.pages]
        env = {**os.environ, "BENCH_DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        print(f"  ({time.monotonic() - started:.0f} s)")
    if args.write_docs == "yes" or (args.write_docs == "auto" and args.n >= 10_000):
        # Every results file of 10,000 stories or more (so 10k and 100k runs add up); a forced
        # write of a small run includes everything.
        min_n = 0 if args.write_docs == "yes" else 10_000
        report.write(ROOT / "docs" / "performance.md", VAR, min_n=min_n)
        print("\ndocs/performance.md updated.")
    else:
        print("\ndocs/performance.md not updated (--write-docs yes to write this run's figures).")


def _sqlite(n: int, reseed: bool) -> str:
    path = VAR / f"bench-{n}.sqlite3"
    if reseed:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _postgres_name(n: int) -> str:
    """$BENCH_POSTGRES_DB with {n} replaced, so that several people (or worktrees) can each seed
    their own benchmark databases on one server."""
    template = os.environ.get("BENCH_POSTGRES_DB", "newsroom_bench_{n}")
    name = template.replace("{n}", str(n))
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        sys.exit(
            f"BENCH_POSTGRES_DB={template!r}: use lower-case letters, digits and underscores "
            "(at most 63), with {n} for the number of stories, e.g. newsroom_bench_mine_{n}"
        )
    return name


def _postgres(n: int, reseed: bool) -> str:
    import psycopg

    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = _postgres_name(n)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if reseed:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
