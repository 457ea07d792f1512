"""What readers get while the shared cache is down: the demo site under gunicorn with Redis, the
Redis server killed halfway through the requests, then started again on the same port (or, with
`--outage pause`, stopped with SIGSTOP and resumed: a hung server that keeps its data).

    .venv/bin/python -m bench.outage [--requests 700] [--workers 2] [--threads 4] [--outage pause]

Everything runs on 127.0.0.1 on free ports, in a temporary directory (a SQLite database with the
demo content, a redis-server with no persistence), and is removed afterwards. The report counts
the status codes of each phase (Redis up, Redis killed, Redis back), the keys Redis holds after
each (pages stored again once it is back) and the WARNING, ERROR and traceback lines gunicorn's
workers logged.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

from bench.load import HOST, ROOT, free_port

MAX_PATHS = 60
_reported: dict[Path, int] = {}  # log lines already reported, by log file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=700, help="before and during the outage")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="concurrent clients")
    parser.add_argument(
        "--outage",
        choices=["kill", "pause"],
        default="kill",
        help="kill the server and start it again, or pause it (SIGSTOP: it hangs, keeping its "
        "connections and data) and resume it",
    )
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("redis-server is not installed")
    with tempfile.TemporaryDirectory(prefix="newsroom-outage-") as folder:
        run(Path(folder), args)


def run(folder: Path, args) -> None:
    redis_port, web_port = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_SECRET_KEY": "outage-measurement-only",
        "DJANGO_HTTPS": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "CACHE_URL": f"redis://{HOST}:{redis_port}/0",
    }
    redis = _start_redis(redis_port)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["seed_demo"]):
        subprocess.run(manage + command + ["-v", "0"], cwd=ROOT, env=env, check=True)
    log = folder / "gunicorn.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--workers", str(args.workers)]
        + ["--bind", f"{HOST}:{web_port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(web_port)
        paths = _crawl(web_port)
        print(f"{len(paths)} addresses from the demo, e.g. {', '.join(paths[:6])}")
        half = args.requests // 2
        _phase("Redis up", web_port, paths, half, args.threads, redis_port, log)
        if args.outage == "kill":
            redis.terminate()  # SIGTERM, as `kill` sends; with no persistence nothing is saved
            redis.wait(timeout=10)
        else:
            redis.send_signal(signal.SIGSTOP)
        away = {"kill": "Redis killed", "pause": "Redis paused"}[args.outage]
        _phase(away, web_port, paths, args.requests - half, args.threads, None, log)
        if args.outage == "kill":
            redis = _start_redis(redis_port)
        else:
            redis.send_signal(signal.SIGCONT)
        time.sleep(6)  # longer than the longest retry interval (newsroom/cache.py)
        _phase("Redis back", web_port, paths, half, args.threads, redis_port, log)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        redis.send_signal(signal.SIGCONT)
        redis.terminate()
        redis.wait(timeout=10)


def _start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    _wait_for_port(port)
    return process


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith(("//", "/admin", "/static")):
            self.found.append(href.split("#")[0])


def _crawl(port: int) -> list[str]:
    """Addresses of every kind the demo links to (home, sections, stories, tags, writers,
    search, feeds), breadth first from the home page, plus the sitemaps and robots.txt."""
    seen = ["/", "/search/?q=Hanoi", "/sitemap.xml", "/robots.txt"]
    queue = ["/"]
    while queue and len(seen) < MAX_PATHS:
        status, body, _ = _get(port, queue.pop(0))
        if status != 200:
            continue
        links = _Links()
        links.feed(body.decode("utf-8", "replace"))
        for path in links.found:
            if path not in seen and len(seen) < MAX_PATHS:
                seen.append(path)
                queue.append(path)
    return seen


def _get(port: int, path: str) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read(), time.perf_counter() - started
    except (OSError, http.client.HTTPException):
        return 0, b"", time.perf_counter() - started
    finally:
        connection.close()


def _phase(name, port, paths, count, threads, redis_port, log: Path) -> None:
    """Send `count` requests and report them, with what the workers logged since the last
    phase's report (so the lines of a pause between phases count in the next one)."""
    statuses: collections.Counter[int] = collections.Counter()
    seconds: list[float] = []
    lock = threading.Lock()
    numbers = iter(range(count))

    def client() -> None:
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                return
            status, _, elapsed = _get(port, paths[number % len(paths)])
            with lock:
                statuses[status] += 1
                seconds.append(elapsed)

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - started
    time.sleep(0.5)  # let the workers' log lines reach the file
    lines = log.read_text(errors="replace").splitlines()
    new_lines = lines[_reported.get(log, 0) :]
    _reported[log] = len(lines)
    levels = collections.Counter(
        match[1] for line in new_lines if (match := re.search(r" (WARNING|ERROR) ", line))
    )
    tracebacks = sum(line.startswith("Traceback") for line in new_lines)
    seconds.sort()
    print(
        f"{name}: {count} requests in {wall:.1f} s; status {dict(sorted(statuses.items()))}; "
        f"median {seconds[len(seconds) // 2] * 1000:.1f} ms, slowest {seconds[-1] * 1000:.0f} ms; "
        f"log: {levels.get('WARNING', 0)} WARNING, {levels.get('ERROR', 0)} ERROR, "
        f"{tracebacks} tracebacks"
        + (f"; Redis holds {_keys(redis_port)} keys" if redis_port else "")
    )
    for line in [line for line in new_lines if re.search(r" (WARNING|ERROR) ", line)][:4]:
        print(f"    {line[:150]}")


def _keys(port: int) -> int:
    import redis

    return redis.Redis(host=HOST, port=port).dbsize()


if __name__ == "__main__":
    main()
