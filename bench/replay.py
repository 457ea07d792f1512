"""A news day through the real page cache: `make bench-replay` / `python -m bench.replay`.

    python -m bench.replay --n 10000 --db sqlite --cache both --hours 3 --warmup 1

On a copy of the benchmark database (seeded as `make bench` seeds it, then copied, so the
benchmark's own database keeps its N stories), with a simulated clock (time-machine, stopped
between requests): one story published every `--publish-every` seconds (a draft written before
the clock starts, with bylines and tags drawn like the seed's, published by saving it as the
workflow's final save does, so the same page-cache signals run), the seed's scheduled stories
going live and expiring stories leaving when the clock reaches them, and readers at a fixed
`--rate` of requests per simulated second, one every 1/rate s, through Django's test client with
the page cache on (every middleware, `@reader_cache`, the held-copy middleware), in local memory
or in Redis (a redis-server of its own on a free port, as `make bench` starts, or
$BENCH_REDIS; under a key prefix of its own, removed afterwards).

The readers (`Readers`): 10 % the home page, 4 % a section front (Zipf 1 over the 12
sections), 3 % a tag page (the seed's tag popularity, Zipf 1.1 over 3,000 tags), 3 % a writer
page (the seed's, Zipf 0.8 over 250 writers), 80 % a story: by its rank r among the live stories
newest first (r = 1 for the newest), with weight (r + `--offset`)^-`--zipf` (default
(r + 5)^-1.0): the newest stories take most reads, and every story of the archive keeps some,
a long tail (with 10,000 stories, 39 % of story reads go to the 100 newest and 26 % to stories
beyond the 1,440 newest, a day of publishing at one a minute).

Reported for the requests after the warm-up (`--warmup` hours, from an empty cache): the hit
rate (answers from a stored copy: no render) per kind of page and overall, renders per
simulated second (what the servers must render at that request rate) and per publication,
and, per publication, how many live stories share a tag or a writer with the new one (the
article pages the rule before 2026-12-06 dropped) and how many show it through an editor's pick
(the ones it drops now); the cause of each miss per kind of page (`_cause`: first read, the
page's bound, the clock, a write, lost) and story reads by the story's rank; and the hit rate
every 10 simulated minutes from the empty cache on, warm-up included, so a reader can see when
it is steady (a page kept up to an hour is rendered again an hour after its first read: the
rate peaks before the first hour ends and settles after a few). Results go to
var/bench/replay-<database>-<n>.json, and while it runs to var/bench/replay-...partial.json.

The hit rate does not depend on the machine's speed: the clock is simulated, and everything
that ends a copy compares it with that clock, but for Redis's own expiry of keys, which runs
on the real one; the replay gives Redis keys a hundred times their lifetime for that reason.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
REDIS = "redis://127.0.0.1:6379/0"

# The share of each kind of page among requests; stories take the rest.
MIX = {"home": 0.10, "section": 0.04, "tag": 0.03, "writer": 0.03}


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.replay", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--n", type=int, default=10_000, help="stories seeded (default 10000)")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cache", choices=["locmem", "redis", "both"], default="both")
    parser.add_argument("--hours", type=float, default=3.0, help="simulated hours measured")
    parser.add_argument("--warmup", type=float, default=1.0, help="simulated hours before them")
    parser.add_argument("--rate", type=float, default=50.0, help="requests per simulated second")
    parser.add_argument("--publish-every", type=float, default=60.0, help="seconds")
    parser.add_argument("--zipf", type=float, default=1.0, help="exponent over story recency")
    parser.add_argument("--offset", type=float, default=5.0, help="added to the recency rank")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--child", choices=["prepare", "run"], help=argparse.SUPPRESS)
    parser.add_argument("--label", default="", help="a name for this run in the results")
    args = parser.parse_args()
    if args.child:
        return _child(args)

    from bench.run import _postgres, _sqlite

    source = _sqlite(args.n, False) if args.db == "sqlite" else _postgres(args.n, False)
    _spawn(args, source, "prepare", "")  # seeds the benchmark database if it is not yet
    results = []
    for cache in ["locmem", "redis"] if args.cache == "both" else [args.cache]:
        copy = _copy(source, args.db)
        try:
            if cache == "redis":
                # A redis-server of its own: a shared one may be flushed under it (Django's
                # cache.clear() is a FLUSHDB, which other people's test runs call), which
                # drops every stored page and version in the middle of the day.
                from bench.load import redis_server

                with redis_server() as url:
                    os.environ["REPLAY_REDIS"] = url or REDIS
                    results.append(json.loads(_spawn(args, copy, "run", cache)))
            else:
                results.append(json.loads(_spawn(args, copy, "run", cache)))
        finally:
            _drop(copy, args.db)
    out = VAR / f"replay-{args.db}-{args.n}{'-' + args.label if args.label else ''}.json"
    out.write_text(json.dumps(results, indent=1))
    for result in results:
        _print(result)
    print(f"  results: {out.relative_to(ROOT)}")


def _spawn(args, url: str, child: str, cache: str) -> str:
    """Run this module as a child process on the database `url` (a fresh process per run: its
    own cache, its own prepared queries)."""
    command = [sys.executable, "-m", "bench.replay", "--child", child, *_forwarded(args)]
    env = {**os.environ, "BENCH_DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    env["REPLAY_CACHE"] = cache
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _forwarded(args) -> list[str]:
    names = ["n", "db", "hours", "warmup", "rate", "publish_every", "zipf", "offset", "seed"]
    return [f"--{name.replace('_', '-')}={getattr(args, name)}" for name in names] + [
        f"--label={args.label}"
    ]


def _copy(source: str, db: str) -> str:
    name = f"replay_{uuid.uuid4().hex[:8]}"
    if db == "sqlite":
        path = VAR / f"{name}.sqlite3"
        src, dst = sqlite3.connect(source.removeprefix("sqlite:///")), sqlite3.connect(path)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        return f"sqlite:///{path}"
    import psycopg

    server, _, database = source.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{database}"')
    return f"{server}/{name}"


def _drop(url: str, db: str) -> None:
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    server, _, database = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')


def _print(result: dict) -> None:
    print(
        f"\n  {result['database']}, {result['n']} stories, {result['cache']}: "
        f"{result['rate']:g} requests/s for {result['hours']:g} h after {result['warmup']:g} h "
        f"of warm-up, a story published every {result['publish_every']:g} s"
    )
    print(f"  {'page':<10} {'requests':>9} {'hits':>7}")
    for kind, row in result["pages"].items():
        print(f"  {kind:<10} {row['requests']:>9} {row['hit_rate']:>6.1%}")
    print(
        f"  hit rate {result['hit_rate']:.2%}; {result['renders_per_second']:.2f} renders/s "
        f"({result['renders_per_publication']:.0f} per publication); "
        f"article pages dropped per publication: {result['dropped_before']:.0f} by the old rule, "
        f"{result['dropped_now']:.1f} now; {result['wall_seconds']:.0f} s of wall time"
    )
    windows = result["windows"]
    for size, name in [(6, "hour"), (3, "half hour")]:
        rates = []
        for first in range(0, len(windows), size):
            part = windows[first : first + size]
            count = sum(sum(w["requests"].values()) for w in part)
            hit = sum(sum(w["hits"].values()) for w in part)
            rates.append(f"{hit / max(count, 1):.1%}")
        print(f"  hit rate per simulated {name} from the empty cache: {', '.join(rates)}")
    misses = ", ".join(f"{name} {count}" for name, count in result["misses"].items())
    print(f"  misses (kind, cause): {misses}")


# --- The child process ---------------------------------------------------------------------


def _child(args) -> None:
    if args.child == "prepare":
        from bench import worker

        worker.prepare(args.n, VAR / f"seed-{args.db}-{args.n}.json")
        return
    cache = os.environ["REPLAY_CACHE"]
    prefix = f"replay-{uuid.uuid4().hex}"
    redis_url = os.environ.get("REPLAY_REDIS", REDIS)
    if cache == "redis":
        os.environ["CACHE_URL"] = f"{redis_url}?prefix={prefix}"
    import django

    django.setup()
    import logging

    from django.conf import settings

    # A tag used only on unpublished stories answers 404 (counted in the results), not a log line.
    logging.getLogger("django.request").setLevel(logging.ERROR)

    settings.NEWSROOM_PAGE_CACHE = True
    if cache == "locmem":
        # One process, so local memory is shared by every request; large enough to cull nothing.
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": prefix,
                "OPTIONS": {"MAX_ENTRIES": 10_000_000},
            }
        }
    try:
        result = Replay(args, cache).run()
    finally:
        if cache == "redis":
            import redis

            client = redis.Redis.from_url(redis_url)
            for key in client.scan_iter(f"{prefix}*", count=1000):
                client.delete(key)
    print(json.dumps(result))


def _progress(offset: float, window: list[Counter], started: float) -> None:
    """A line on stderr every simulated ten minutes (stdout carries the result)."""
    rate = sum(window[1].values()) / max(sum(window[0].values()), 1)
    wall = time.monotonic() - started
    print(
        f"    {offset / 60:.0f} simulated minutes, {rate:.1%} hits in the last ten, {wall:.0f} s",
        file=sys.stderr,
        flush=True,
    )


RANK_BUCKETS = ["1-100", "101-1440", "1441-5000", "5001-"]


def _bucket(rank: int) -> str:
    return next(
        (b for b, top in zip(RANK_BUCKETS, [100, 1440, 5000], strict=False) if rank <= top),
        RANK_BUCKETS[-1],
    )


def _cause(response, copy: tuple | None, now: float) -> str:
    """Why a request was not answered from a stored copy: `first` (no copy of it was ever
    stored), `bound` (its copy had reached NEWSROOM_PAGE_CACHE_SECONDS or, on an article page,
    its bound on new related stories), `clock` (its copy was ended earlier by a story going live
    or leaving on schedule, or a registered moment), `write` (something it showed changed:
    a publication, an edit), `lost` (a copy valid and unchanged was not found: evicted by
    the cache's size limit, or never stored) or `status <n>` (not a 200: never stored)."""
    from pagecache import versions

    if response.status_code != 200:
        return f"status {response.status_code}"
    if copy is None:
        return "first"
    valid_until, bound, deps = copy
    if valid_until <= now:
        return "bound" if valid_until >= bound - 0.5 else "clock"
    if versions.current(deps) != deps:
        return "write"
    return "lost"


class Readers:
    """Which page each request asks for (see the module's docstring)."""

    def __init__(self, rng: random.Random, args, sections, tags, writers) -> None:
        self.rng = rng
        self.zipf, self.offset = args.zipf, args.offset
        self.kinds = list(MIX) + ["article"]
        self.kind_weights = list(accumulate([*MIX.values(), 1 - sum(MIX.values())]))
        self.sections = sections
        self.section_weights = list(accumulate(1 / (i + 1) for i in range(len(sections))))
        self.tags = tags
        self.tag_weights = list(accumulate(1 / (i + 1) ** 1.1 for i in range(len(tags))))
        self.writers = writers
        self.writer_weights = list(accumulate(1 / (i + 1) ** 0.8 for i in range(len(writers))))
        self.story_weights: list[float] = []
        self.rank = 0  # the rank of the last story picked (1 = the newest)

    def stories_changed(self, count: int) -> None:
        self.story_weights = list(
            accumulate((r + self.offset) ** -self.zipf for r in range(1, count + 1))
        )

    def next(self, stories: list[str]) -> tuple[str, str]:
        kind = self._pick(self.kinds, self.kind_weights)
        if kind == "home":
            return kind, "/"
        if kind == "section":
            return kind, self._pick(self.sections, self.section_weights)
        if kind == "tag":
            return kind, self._pick(self.tags, self.tag_weights)
        if kind == "writer":
            return kind, self._pick(self.writers, self.writer_weights)
        self.rank = self._index(self.story_weights) + 1
        return kind, stories[self.rank - 1]

    def _pick(self, items: list, cumulative: list[float]):
        return items[self._index(cumulative)]

    def _index(self, cumulative: list[float]) -> int:
        return bisect.bisect(cumulative, self.rng.random() * cumulative[-1])


class Replay:
    def __init__(self, args, cache: str) -> None:
        self.args = args
        self.cache = cache
        self.rng = random.Random(args.seed)

    def run(self) -> dict:
        import time_machine
        from django.conf import settings
        from django.test import Client
        from django.utils import timezone

        from pagecache import store

        args = self.args
        start = timezone.now().replace(microsecond=0)
        period = args.warmup * 3600
        end = start + timedelta(hours=args.warmup + args.hours)
        drafts = self._drafts(int((end - start).total_seconds() // args.publish_every) + 1)
        stories = self._live_urls(start)
        events = self._clock_events(start, end)
        readers = Readers(self.rng, args, *self._lists())
        readers.stories_changed(len(stories))

        renders = 0
        real_save = store.save
        # What each page's last copy was (for the cause of its next miss): when it ends, when it
        # would have ended by its bound alone (NEWSROOM_PAGE_CACHE_SECONDS, or an article page's
        # related_lag), and the versions it was rendered with.
        copies: dict[str, tuple[float, float, dict]] = {}

        def counted_save(location, response, shows, started, generation, within=None, until=None):
            nonlocal renders
            renders += 1
            entry = real_save(location, response, shows, started, generation, within, until)
            lifetime = settings.NEWSROOM_PAGE_CACHE_SECONDS if within is None else within
            copies[location] = (entry["valid_until"], started.timestamp() + lifetime, entry["deps"])
            return entry

        store.save = counted_save  # every render the page cache stores (or would)
        real_seconds_left = store._seconds_left
        if self.cache == "redis":
            # Redis expires keys by the real clock, which runs apart from the simulated one (a
            # loaded machine plays a simulated minute in more than a minute). A copy is ended by
            # the simulated clock anyway (store.serve compares its `valid_until`), so the replay
            # gives Redis keys a hundred times their lifetime, as if both clocks agreed.
            store._seconds_left = lambda entry, now: 100 * real_seconds_left(entry, now)
        client = Client()
        requests: Counter = Counter()
        hits: Counter = Counter()
        causes: Counter = Counter()  # (kind, cause) of each measured miss
        ages: Counter = Counter()  # (rank bucket, hit or cause) of each measured story read
        windows: dict[int, list[Counter]] = {}  # 10 simulated minutes: requests, hits by kind
        statuses: Counter = Counter()
        measured_renders = 0
        publications = []

        def result(measured_hours: float) -> dict:
            """The figures so far (after `measured_hours` of measured requests)."""
            wall = time.monotonic() - started
            measured = [p for p in publications if p["at"] >= period]
            count = sum(requests.values())
            return {
                "label": args.label,
                "database": args.db,
                "n": args.n,
                "cache": self.cache,
                "rate": args.rate,
                "hours": measured_hours,
                "warmup": args.warmup,
                "publish_every": args.publish_every,
                "zipf": args.zipf,
                "offset": args.offset,
                # None on code from before the setting (the old rule).
                "related_seconds": getattr(settings, "NEWSROOM_PAGE_CACHE_RELATED_SECONDS", None),
                "requests": count,
                "statuses": dict(statuses),
                "hit_rate": sum(hits.values()) / max(count, 1),
                "pages": {
                    kind: {
                        "requests": requests[kind],
                        "hit_rate": hits[kind] / max(requests[kind], 1),
                    }
                    for kind in [*MIX, "article"]
                },
                "renders": measured_renders,
                "renders_per_second": measured_renders / max(measured_hours * 3600, 1),
                "renders_per_publication": measured_renders / max(len(measured), 1),
                "publications": len(measured),
                "dropped_before": sum(p["sharing"] for p in measured) / max(len(measured), 1),
                "dropped_now": sum(p["picked_by"] for p in measured) / max(len(measured), 1),
                # Measured misses by kind of page and cause (see _cause), in requests.
                "misses": {f"{kind} {cause}": n for (kind, cause), n in sorted(causes.items())},
                # Story reads by the story's rank among the live ones, newest first: hits and
                # misses by cause.
                "stories_by_rank": {
                    bucket: {c: ages[b, c] for b, c in sorted(ages) if b == bucket}
                    for bucket in RANK_BUCKETS
                },
                # Every 10 simulated minutes from the empty cache on (the warm-up included).
                "windows": [
                    {
                        "from_minute": index * 10,
                        "requests": dict(counts[0]),
                        "hits": dict(counts[1]),
                        "hit_rate": sum(counts[1].values()) / max(sum(counts[0].values()), 1),
                    }
                    for index, counts in sorted(windows.items())
                ],
                "wall_seconds": wall,
            }

        total = int((end - start).total_seconds() * args.rate)
        next_publication = 0.0
        started = time.monotonic()
        label = f"-{args.label}" if args.label else ""
        partial = VAR / f"replay-{args.db}-{args.n}{label}-{self.cache}.partial.json"
        with time_machine.travel(start, tick=False) as clock:
            for i in range(total):
                offset = i / args.rate
                moment = start + timedelta(seconds=offset)
                clock.move_to(moment)
                while events and events[0][0] <= moment:
                    _, change, url = events.pop(0)
                    if change == "arrive":
                        stories.insert(0, url)
                    elif url in stories:
                        stories.remove(url)
                    readers.stories_changed(len(stories))
                if offset >= next_publication and drafts:
                    publications.append(self._publish(drafts.pop(0), moment, offset))
                    stories.insert(0, publications[-1]["url"])
                    readers.stories_changed(len(stories))
                    next_publication += args.publish_every
                if i % int(600 * args.rate) == 0 and i:
                    _progress(offset, windows[int(offset // 600) - 1], started)
                    # What a run stopped early leaves behind.
                    partial.write_text(json.dumps(result(max(offset - period, 0) / 3600)))
                kind, url = readers.next(stories)
                before = renders
                location = f"testserver{url}?"
                copy = copies.get(location)
                response = client.get(url)
                hit = response.status_code == 200 and renders == before
                window = windows.setdefault(int(offset // 600), [Counter(), Counter()])
                window[0][kind] += 1
                window[1][kind] += hit
                if offset < period:
                    continue
                requests[kind] += 1
                statuses[response.status_code] += 1
                cause = "hit" if hit else _cause(response, copy, moment.timestamp())
                if hit:
                    hits[kind] += 1
                else:
                    causes[kind, cause] += 1
                if kind == "article":
                    ages[_bucket(readers.rank), cause] += 1
                measured_renders += renders - before
        store.save = real_save
        store._seconds_left = real_seconds_left
        return result(args.hours)

    # --- Setting up, before the clock starts ---------------------------------------------------

    def _lists(self) -> tuple[list[str], list[str], list[str]]:
        from sections.models import Section
        from tags.models import Tag
        from writers.models import Writer

        sections = [s.get_absolute_url() for s in Section.objects.order_by("pk")]
        tags = [t.get_absolute_url() for t in Tag.objects.order_by("pk")]
        writers = [w.get_absolute_url() for w in Writer.objects.order_by("pk")]
        return sections, tags, writers

    def _live_urls(self, at) -> list[str]:
        from articles.models import Article, article_url

        live = Article.objects.live(at=at).newest_first()
        return [article_url(*row) for row in live.values_list("section__slug", "slug", "pk")]

    def _clock_events(self, start, end) -> list[tuple]:
        """The seed's scheduled stories going live and live stories expiring, in order."""
        from articles.models import Article, article_url

        events = []
        stories = Article.objects.filter(status=Article.Status.PUBLISHED)
        arriving = stories.filter(publish_at__gt=start, publish_at__lte=end)
        for row in arriving.values_list("publish_at", "section__slug", "slug", "pk"):
            events.append((row[0], "arrive", article_url(*row[1:])))
        leaving = stories.filter(expire_at__gt=start, expire_at__lte=end)
        for row in leaving.values_list("expire_at", "section__slug", "slug", "pk"):
            events.append((row[0], "leave", article_url(*row[1:])))
        return sorted(events)

    def _drafts(self, count: int) -> list:
        """Drafts written like the seed's stories, to be published one by one."""
        from articles.models import Article, Byline, TaggedArticle
        from sections.models import Section
        from tags.models import Tag
        from writers.models import Writer

        rng = self.rng
        sections = list(Section.objects.values_list("pk", flat=True))
        writers = list(Writer.objects.order_by("pk").values_list("pk", flat=True))
        tags = list(Tag.objects.order_by("pk").values_list("pk", flat=True))
        writer_weights = list(accumulate(1 / (i + 1) ** 0.8 for i in range(len(writers))))
        tag_weights = list(accumulate(1 / (i + 1) ** 1.1 for i in range(len(tags))))
        sample = Article.objects.live().exclude(hero_image=None).order_by("-pk")[:count]
        drafts = []
        for i, model in enumerate(sample):
            story = Article.objects.create(
                headline=f"{model.headline} (replay {i})",
                slug=f"replay-{i}",
                lead=model.lead,
                body=model.body,
                dateline=model.dateline,
                section_id=rng.choice(sections),
                hero_image_id=model.hero_image_id,
                status=Article.Status.DRAFT,
            )
            chosen = rng.choices(writers, cum_weights=writer_weights, k=rng.choice([1, 1, 1, 2]))
            for position, writer_id in enumerate(dict.fromkeys(chosen)):
                Byline.objects.create(article=story, writer_id=writer_id, position=position)
            for tag_id in set(rng.choices(tags, cum_weights=tag_weights, k=rng.randint(3, 5))):
                TaggedArticle.objects.create(content_object=story, tag_id=tag_id)
            drafts.append(story)
        return drafts

    def _publish(self, story, moment, offset: float) -> dict:
        """Publish a draft as the workflow's save does, and count what the rule before
        2026-12-06 would have dropped: the live stories sharing a tag or a writer with it."""
        from django.db.models import Q

        from articles.models import Article, Byline, RelatedArticle, TaggedArticle

        story.status, story.publish_at = Article.Status.PUBLISHED, moment
        story.save()
        tags = TaggedArticle.objects.filter(content_object_id=story.pk).values("tag_id")
        writers = Byline.objects.filter(article_id=story.pk).values("writer_id")
        sharing = (
            Article.objects.live(at=moment)
            .filter(
                Q(pk__in=TaggedArticle.objects.filter(tag_id__in=tags).values("content_object_id"))
                | Q(pk__in=Byline.objects.filter(writer_id__in=writers).values("article_id"))
            )
            .exclude(pk=story.pk)
            .count()
        )
        picked_by = RelatedArticle.objects.filter(related_id=story.pk).count()
        return {
            "url": story.get_absolute_url(),
            "at": offset,
            "sharing": sharing,
            "picked_by": picked_by,
        }


if __name__ == "__main__":
    main()
