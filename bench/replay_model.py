"""A model of the news-day replay (bench/replay.py) without Django: the same readers, one
publication a minute and the seed's clock events, and the page cache's rules reduced to what
decides a hit. It runs a simulated day in a minute, where the replay takes hours on a busy
machine, so it shows what the replay cannot reach: the steady state after many bounds, and
what a setting would give. Checked against the replay's measured windows
(docs/performance.md, "A news day").

    python -m bench.replay_model --hours 8 [--article-cap 10800] [--list-cap 3600]
        [--departures shown|all] [--expiring-per-hour 0]

The rules modelled: the home page, section, tag and writer pages are kept up to `--list-cap`
seconds (NEWSROOM_PAGE_CACHE_SECONDS), dropped by a publication in them (the home page by
every one) and ended by the next scheduled story going live or live story leaving anywhere;
an article page is kept a tenth of its story's age, at least a minute and at most
`--article-cap` (NEWSROOM_PAGE_CACHE_RELATED_SECONDS), and ended by a story leaving: any story
(`--departures all`, the rule before 2026-12-07) or only its own (`shown`; the real rule also
counts the stories on its cards, which the model leaves out). Not modelled: tags used only on
unpublished stories (404), editor's picks.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path

from bench.replay import MIX, VAR


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.replay_model")
    parser.add_argument("--n", type=int, default=10_000, help="stories seeded (default 10000)")
    parser.add_argument("--hours", type=float, default=8.0)
    # The settings' defaults (NEWSROOM_PAGE_CACHE_RELATED_SECONDS, NEWSROOM_PAGE_CACHE_SECONDS).
    parser.add_argument("--article-cap", type=int, default=10800)
    parser.add_argument("--list-cap", type=int, default=3600)
    parser.add_argument("--departures", choices=["shown", "all"], default="shown")
    parser.add_argument("--expiring-per-hour", type=float, default=0.0,
                        help="archive stories leaving per hour, besides the seed's")  # fmt: skip
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    windows = run(VAR / f"bench-{args.n}.sqlite3", args)
    for hour, (rate, kinds) in enumerate(summary(windows), 1):
        shares = ", ".join(f"{kind} {share:.1%}" for kind, share in sorted(kinds.items()))
        print(f"  hour {hour}: {rate:.2%} ({shares})")
    per_ten = [sum(w[1].values()) / sum(w[0].values()) for _, w in sorted(windows.items())]
    print("  every 10 minutes:", json.dumps([round(rate, 3) for rate in per_ten]))


def run(db: Path, args) -> dict[int, list[Counter]]:
    rng = random.Random(args.seed)
    start = datetime.now(UTC).replace(tzinfo=None).timestamp()
    published, live, events = _stories(db, start)
    if args.expiring_per_hour:
        archive = live[1440:]
        step = 3600 / args.expiring_per_hour
        for i, pk in enumerate(rng.sample(archive, int(args.hours * args.expiring_per_hour))):
            events.append(((i + 0.5) * step, "leave", pk))
        events.sort()
    stories = list(live)
    clock = sorted(moment for moment, _, _ in events)
    leaving = sorted(moment for moment, change, _ in events if change == "leave")
    leaving_of = {pk: moment for moment, change, pk in events if change == "leave"}
    sections, tags, writers = 12, 3000, 250
    kinds = [*MIX, "article"]
    kind_weights = list(accumulate([*MIX.values(), 1 - sum(MIX.values())]))
    weights = {
        "section": list(accumulate(1 / (i + 1) for i in range(sections))),
        "tag": list(accumulate(1 / (i + 1) ** 1.1 for i in range(tags))),
        "writer": list(accumulate(1 / (i + 1) ** 0.8 for i in range(writers))),
    }

    def pick(cumulative: list[float]) -> int:
        return bisect.bisect(cumulative, rng.random() * cumulative[-1])

    def story_weights(count: int) -> list[float]:
        return list(accumulate((r + 5.0) ** -1.0 for r in range(1, count + 1)))

    def after(moments: list[float], now: float) -> float:
        i = bisect.bisect_right(moments, now)
        return moments[i] if i < len(moments) else float("inf")

    current = story_weights(len(stories))
    version: Counter = Counter()
    copies: dict = {}
    causes: Counter = Counter()
    windows: dict[int, list[Counter]] = {}
    next_publication, new_id, event = 0.0, 10**9, 0
    for i in range(int(args.hours * 3600 * 50)):
        now = i / 50
        changed = False
        while event < len(events) and events[event][0] <= now:
            _, change, pk = events[event]
            event += 1
            if change == "arrive":
                stories.insert(0, pk)
            elif pk in stories:
                stories.remove(pk)
            changed = True
        if now >= next_publication:
            new_id += 1
            published[new_id] = now
            stories.insert(0, new_id)
            changed = True
            version["home", 0] += 1
            version["section", rng.randrange(sections)] += 1
            for writer in {pick(weights["writer"]) for _ in range(rng.choice([1, 1, 1, 2]))}:
                version["writer", writer] += 1
            for tag in {pick(weights["tag"]) for _ in range(rng.randint(3, 5))}:
                version["tag", tag] += 1
            next_publication += 60
        if changed:
            current = story_weights(len(stories))
        kind = kinds[pick(kind_weights)]
        if kind == "article":
            page = (kind, stories[pick(current)])
        elif kind == "home":
            page = (kind, 0)
        else:
            page = (kind, pick(weights[kind]))
        copy = copies.get(page)
        hit = copy is not None and copy[0] > now and copy[1] == version[page]
        if not hit and now >= args.hours * 3600 / 2:  # the second half: the causes of misses
            causes[kind, _cause(copy, now, version[page])] += 1
        if not hit:
            if kind == "article":
                bound = min(max((now - published[page[1]]) / 10, 60), args.article_cap)
                if args.departures == "all":
                    end = after(leaving, now)
                else:
                    end = leaving_of.get(page[1], float("inf"))
                until = min(now + bound, end)
            else:
                bound = args.list_cap
                until = min(now + bound, after(clock, now))
            copies[page] = (until, version[page], now + bound)
        window = windows.setdefault(int(now // 600), [Counter(), Counter()])
        window[0][kind] += 1
        window[1][kind] += hit
    print("  misses over the second half, by kind and cause:", dict(sorted(causes.items())))
    return windows


def _cause(copy: tuple | None, now: float, version: int) -> str:
    """As bench.replay._cause: first, bound, clock or write."""
    if copy is None:
        return "first"
    if copy[0] <= now:
        return "bound" if copy[0] >= copy[2] else "clock"
    return "write"


def _stories(db: Path, start: float) -> tuple[dict[int, float], list[int], list[tuple]]:
    """Seconds from the start each published story went or goes live at; the live ones, newest
    first; the seed's clock events (arrivals and departures) after the start, in order."""

    def seconds(text: str | None) -> float | None:
        return datetime.fromisoformat(text).timestamp() - start if text else None

    published, live, events = {}, [], []
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT id, publish_at, expire_at FROM articles_article WHERE status = 'published'"
        ).fetchall()
    for pk, publish_text, expire_text in rows:
        publish_at, expire_at = seconds(publish_text), seconds(expire_text)
        published[pk] = publish_at
        if publish_at <= 0 and (expire_at is None or expire_at > 0):
            live.append(pk)
        elif publish_at > 0:
            events.append((publish_at, "arrive", pk))
        if expire_at is not None and expire_at > 0:
            events.append((expire_at, "leave", pk))
    live.sort(key=lambda pk: (published[pk], pk), reverse=True)
    return published, live, sorted(events)


def summary(windows: dict[int, list[Counter]], size: int = 6) -> list[tuple[float, dict]]:
    """The hit rate, overall and per kind of page, every `size` windows (an hour)."""
    out = []
    keys = sorted(windows)
    for first in range(0, len(keys), size):
        part = [windows[key] for key in keys[first : first + size]]
        requests = sum((w[0] for w in part), Counter())
        hits = sum((w[1] for w in part), Counter())
        rate = sum(hits.values()) / sum(requests.values())
        out.append((rate, {kind: hits[kind] / requests[kind] for kind in requests}))
    return out


if __name__ == "__main__":
    main()
