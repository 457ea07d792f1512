"""Turn var/bench/results-*.json into the results and EXPLAIN sections of docs/performance.md
(between the `<!-- bench:... -->` markers), with the machine, versions and date."""

from __future__ import annotations

import json
import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path


def machine() -> str:
    cpu = "unknown CPU"
    memory = "unknown memory"
    try:
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())[1].strip()
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, TypeError):
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), {memory}, {platform.system()} {platform.release()}"


def write(doc: Path, folder: Path, *, min_n: int = 0) -> None:
    """Rewrite the sections from every results file with at least min_n stories."""
    results = [_load(path) for path in sorted(folder.glob("results-*.json"))]
    results = [result for result in results if result["n"] >= min_n]
    results.sort(key=lambda r: (r["n"], r["database"]))
    text = doc.read_text()
    text = _replace(text, "results", _results(results))
    text = _replace(text, "explain", _explain(results))
    doc.write_text(text)


def _load(path: Path) -> dict:
    """A results file, with when its run ended and where it ran (for files written before the
    worker recorded them: the file's time and this machine)."""
    result = json.loads(path.read_text())
    if "measured_at" not in result:
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        result["measured_at"] = f"{modified:%Y-%m-%d %H:%M} UTC"
    result.setdefault("machine", machine())
    return result


def _replace(text: str, name: str, body: str) -> str:
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    return f"{before}{start}\n{body}\n{end}{after}"


def _results(results: list[dict]) -> str:
    if not results:
        return "_Not yet measured._"
    first = results[0]
    lines = [
        "Measured by `make bench` on "
        + "; ".join(sorted({result["machine"] for result in results}))
        + " (each heading gives the time its run ended).",
        f"Python {first['versions']['python']}, Django {first['versions']['django']}, "
        f"gunicorn {first['versions']['gunicorn']} (2 sync workers), "
        + ", ".join(f"{r['database']} {r['versions']['database']}" for r in _unique(results))
        + ".",
        "",
    ]
    for result in results:
        lines += _one(result)
    return "\n".join(lines)


def _unique(results):
    seen = {}
    for result in results:
        seen.setdefault(result["database"], result)
    return list(seen.values())


def _one(result: dict) -> list[str]:
    seed = result.get("seed", {})
    seeded = (
        f"seeded in {seed['total']:.1f} s"
        if "total" in seed
        else "seeding not timed (database reused)"
    )
    http = result.get("http", {})
    lines = [
        f"### {result['database']}, {result['n']:,} stories "
        f"(measured {result['measured_at']}; {seeded})",
        "",
    ]
    if http:
        if "rounds" in http:
            runs = (
                f"{http['rounds']} runs of {http['seconds_per_run']} s for each page and for its "
                "floor, alternating; figures are the medians of the runs, ratio = the median of "
                "the rounds' page requests/s ÷ floor requests/s"
            )
        else:
            runs = f"{http['duration']} s per run; ratio = page requests/s ÷ floor requests/s"
        lines.append(
            f"Load: {http['tool']}, {http['connections']} connections, {runs} "
            "(the floor: a view returning as many bytes, same server)."
        )
        lines.append("")
    modes = [mode for mode in MODES if mode in http] or ["uncached", "cached"]
    if "cache_paths" in http:
        paths = "; ".join(f"{MODES[mode]}: {http['cache_paths'][mode]}" for mode in modes)
        lines += [f"Cache path of each column: {paths}.", ""]
    elif http:
        lines += [
            "Cache path: not recorded by this run (local memory in each worker, unless CACHE_URL "
            "was set).",
            "",
        ]
    header = "| page | queries | median ms | p95 ms |"
    for mode in modes:
        header += f" {MODES[mode]} req/s | p50/p99 ms | floor req/s | ratio |"
    lines += [header, "|---|--:|--:|--:|" + "--:|--:|--:|--:|" * len(modes)]
    for name, row in result["pages"].items():
        if row.get("status") != 200:
            lines.append(f"| {name} | status {row.get('status')} |" + " |" * (2 + 4 * len(modes)))
            continue
        cells = [name, str(row["queries"]), f"{row['median_ms']:.1f}", f"{row['p95_ms']:.1f}"]
        for mode in modes:
            load = http.get(mode, {}).get(name)
            if not load:
                cells += ["–"] * 4
                continue
            page, floor = load["page"], load["floor"]
            errors = f" ({page['errors']} errors)" if page["errors"] else ""
            cells += [
                f"{page['rps']:.0f}{errors}",
                f"{page['p50_ms']:.1f}/{page['p99_ms']:.1f}",
                f"{floor['rps']:.0f}",
                f"{load['ratio']:.0%}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    burst = result.get("burst", {})
    if "paths" in burst:
        lines += [
            "",
            f"Renders per publication (`bench/burst.py`, in-process): a published story saved, "
            f"then {burst['readers']} readers asking for the same page at once, "
            f"{burst['publications']} times; mean (max) renders:",
            "",
            "| cache path | one render per missing page | home | article |",
            "|---|---|--:|--:|",
        ]
        for path, rows in burst["paths"].items():
            if "error" in rows:
                lines.append(f"| {path} | not measured: {rows['error']} | | |")
                continue
            for mode, pages in rows.items():
                cells = [
                    f"{sum(counts) / len(counts):.1f} ({max(counts)})" for counts in pages.values()
                ]
                lines.append(f"| {path} | {mode} | " + " | ".join(cells) + " |")
    for note in result.get("notes", []):
        lines.append(f"\nNote: {note}")
    lines.append("")
    return lines


# The table's columns: each mode of bench/worker.py with the cache path it used.
MODES = {"uncached": "uncached", "cached": "cached, local memory", "cached-redis": "cached, Redis"}


def _explain(results: list[dict]) -> str:
    if not results:
        return "_Not yet measured._"
    lines = []
    for result in _largest_per_database(results):
        lines.append(f"### {result['database']}, {result['n']:,} stories\n")
        for page, plans in result.get("explain", {}).items():
            for plan in plans:
                lines += [
                    f"**{page}**",
                    "",
                    "```sql",
                    plan["sql"],
                    "```",
                    "",
                    "```",
                    plan["plan"],
                    "```",
                    "",
                ]
    return "\n".join(lines)


def _largest_per_database(results: list[dict]) -> list[dict]:
    largest: dict[str, dict] = {}
    for result in results:
        if result["n"] >= largest.get(result["database"], {"n": -1})["n"]:
            largest[result["database"]] = result
    return list(largest.values())
