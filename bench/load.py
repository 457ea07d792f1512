"""HTTP load against 127.0.0.1 only: gunicorn (2 sync workers) and a load generator.

wrk (Debian's package) when it is installed or can be installed; otherwise a small Python
generator (threads with keep-alive connections), which is slower than the server on two cores
and so reports a lower bound. Every run is bounded in time, and the Python one in count too.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
MAX_DURATION = 120
MAX_REQUESTS = 1_000_000
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str


def alternate(
    measure_page, measure_floor, rounds: int
) -> tuple[Load, Load, float, list[tuple[float, float]]]:
    """Measure a page and its floor in `rounds` alternating pairs (floor first in even rounds,
    page first in odd ones), so that a machine whose speed drifts (a shared or throttled host)
    slows both alike. Returns the page and the floor as the medians of their runs (requests/s,
    p50, p99; errors summed), the median of the rounds' ratios, and each round's (page, floor)
    requests/s."""
    pages: list[Load] = []
    floors: list[Load] = []
    for number in range(rounds):
        if number % 2:
            pages.append(measure_page())
            floors.append(measure_floor())
        else:
            floors.append(measure_floor())
            pages.append(measure_page())
    pairs = [(page.rps, floor.rps) for page, floor in zip(pages, floors, strict=True)]
    ratios = [page / floor if floor else 0.0 for page, floor in pairs]
    return _median_load(pages), _median_load(floors), statistics.median(ratios), pairs


def _median_load(runs: list[Load]) -> Load:
    return Load(
        rps=statistics.median(run.rps for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        errors=sum(run.errors for run in runs),
        tool=runs[0].tool,
    )


def find_wrk(install: bool = True) -> str | None:
    path = shutil.which("wrk")
    if path or not install:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk not found; installing Debian's package (apt-get install wrk)...")
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"],
            check=False,
            timeout=300,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
        )
        return shutil.which("wrk")
    print("wrk not found and cannot be installed here; using the Python load generator.")
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2):
    """Serve the site (bench.settings) on a free local port; yields the base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsroom.wsgi",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    try:
        _wait_until_up(port, process)
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited at start-up: {process.args}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"not up within 60 s: {process.args}")


@contextmanager
def redis_server():
    """The Redis the cached run's workers share: $BENCH_REDIS (a redis:// URL) if set, else a
    redis-server of its own on a free local port with no persistence, stopped afterwards.
    Yields its URL, or None when there is neither (no redis-server installed)."""
    if os.environ.get("BENCH_REDIS"):
        yield os.environ["BENCH_REDIS"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(port, process)
        yield f"redis://{HOST}:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=20)


def get(base: str, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, int(base.rsplit(":", 1)[1]), timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def run(base: str, path: str, *, duration: int, connections: int, wrk: str | None) -> Load:
    duration = min(duration, MAX_DURATION)
    if wrk:
        return _wrk(wrk, base + path, duration, connections)
    return _python(base, path, duration, connections)


_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(wrk: str, url: str, duration: int, connections: int) -> Load:
    threads = min(2, connections)
    output = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    count = int(errors[1]) if errors else 0
    if socket_errors:
        count += sum(int(g) for g in socket_errors.groups())
    return Load(rps, _ms(latency["50"]), _ms(latency["99"]), count, "wrk")


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * _UNIT[unit]


def _python(base: str, path: str, duration: int, connections: int) -> Load:
    port = int(base.rsplit(":", 1)[1])
    deadline = time.monotonic() + duration
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        while time.monotonic() < deadline and len(latencies) + len(mine) < MAX_REQUESTS:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                ok = False
            mine.append((time.perf_counter() - started) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ordered = sorted(latencies) or [0.0]
    return Load(
        rps=len(latencies) / elapsed,
        p50_ms=statistics.median(ordered),
        p99_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        errors=errors[0],
        tool="python",
    )
