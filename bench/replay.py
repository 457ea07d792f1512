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
or in Redis (127.0.0.1:6379 under a key prefix of its own, removed afterwards).

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
(the ones it drops now). Results go to var/bench/replay-<database>-<n>.json.
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


# --- The child process ---------------------------------------------------------------------


def _child(args) -> None:
    if args.child == "prepare":
        from bench import worker

        worker.prepare(args.n, VAR / f"seed-{args.db}-{args.n}.json")
        return
    cache = os.environ["REPLAY_CACHE"]
    prefix = f"replay-{uuid.uuid4().hex}"
    if cache == "redis":
        os.environ["CACHE_URL"] = f"{REDIS}?prefix={prefix}"
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

            client = redis.Redis.from_url(REDIS)
            for key in client.scan_iter(f"{prefix}*", count=1000):
                client.delete(key)
    print(json.dumps(result))


def _progress(offset: float, requests: Counter, hits: Counter, started: float) -> None:
    """A line on stderr every simulated ten minutes (stdout carries the result)."""
    count = sum(requests.values())
    rate = f"{sum(hits.values()) / count:.1%} hits so far" if count else "warming up"
    wall = time.monotonic() - started
    print(f"    {offset / 60:.0f} simulated minutes, {rate}, {wall:.0f} s", file=sys.stderr)


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
        return kind, self._pick(stories, self.story_weights)

    def _pick(self, items: list, cumulative: list[float]):
        return items[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]


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

        def counted_save(*a, **k):
            nonlocal renders
            renders += 1
            return real_save(*a, **k)

        store.save = counted_save  # every render the page cache stores (or would)
        client = Client()
        requests: Counter = Counter()
        hits: Counter = Counter()
        statuses: Counter = Counter()
        measured_renders = 0
        publications = []
        total = int((end - start).total_seconds() * args.rate)
        next_publication = 0.0
        started = time.monotonic()
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
                    _progress(offset, requests, hits, started)
                kind, url = readers.next(stories)
                before = renders
                response = client.get(url)
                if offset < period:
                    continue
                requests[kind] += 1
                statuses[response.status_code] += 1
                if response.status_code == 200 and renders == before:
                    hits[kind] += 1
                measured_renders += renders - before
        store.save = real_save
        wall = time.monotonic() - started
        measured = [p for p in publications if p["at"] >= period]
        count = sum(requests.values())
        return {
            "label": args.label,
            "database": args.db,
            "n": args.n,
            "cache": self.cache,
            "rate": args.rate,
            "hours": args.hours,
            "warmup": args.warmup,
            "publish_every": args.publish_every,
            "zipf": args.zipf,
            "offset": args.offset,
            # None on code from before the setting (the old rule).
            "related_seconds": getattr(settings, "NEWSROOM_PAGE_CACHE_RELATED_SECONDS", None),
            "requests": count,
            "statuses": dict(statuses),
            "hit_rate": sum(hits.values()) / count,
            "pages": {
                kind: {"requests": requests[kind], "hit_rate": hits[kind] / max(requests[kind], 1)}
                for kind in [*MIX, "article"]
            },
            "renders": measured_renders,
            "renders_per_second": measured_renders / (args.hours * 3600),
            "renders_per_publication": measured_renders / max(len(measured), 1),
            "publications": len(measured),
            "dropped_before": sum(p["sharing"] for p in measured) / max(len(measured), 1),
            "dropped_now": sum(p["picked_by"] for p in measured) / max(len(measured), 1),
            "wall_seconds": wall,
        }

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
