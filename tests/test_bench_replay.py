"""The news-day replay's readers (bench.replay.Readers): the mix of pages, and stories read by
recency with a long archive tail."""

import random
from argparse import Namespace
from collections import Counter

from bench.replay import MIX, Readers, _bucket, _cause

STORIES = [f"/news/story-{rank}/" for rank in range(1, 10_001)]  # newest first


def _readers() -> Readers:
    args = Namespace(zipf=1.0, offset=5.0)
    readers = Readers(random.Random(16), args, ["/news/"], ["/tags/a/"], ["/writers/a/"])
    readers.stories_changed(len(STORIES))
    return readers


def test_each_kind_of_page_gets_its_share_of_requests():
    readers = _readers()
    kinds = Counter(readers.next(STORIES)[0] for _ in range(50_000))
    for kind, share in {**MIX, "article": 1 - sum(MIX.values())}.items():
        assert abs(kinds[kind] / 50_000 - share) < 0.01, kind


def test_the_newest_stories_are_read_most_and_the_archive_still_is():
    readers = _readers()
    urls = [
        url for kind, url in (readers.next(STORIES) for _ in range(50_000)) if kind == "article"
    ]
    rank_of = {url: rank for rank, url in enumerate(STORIES, 1)}
    ranks = Counter(rank_of[url] for url in urls)
    assert ranks[1] > ranks[10] > ranks[1000]
    newest_hundred = sum(count for rank, count in ranks.items() if rank <= 100) / len(urls)
    beyond_a_day = sum(count for rank, count in ranks.items() if rank > 1440) / len(urls)
    assert 0.35 < newest_hundred < 0.43  # 39 % for (r + 5)^-1
    assert 0.23 < beyond_a_day < 0.29  # 26 %


def test_story_reads_are_bucketed_by_rank():
    assert [_bucket(rank) for rank in (1, 100, 101, 1440, 1441, 5000, 5001, 9999)] == [
        "1-100", "1-100", "101-1440", "101-1440", "1441-5000", "1441-5000", "5001-", "5001-"
    ]  # fmt: skip


def test_the_reader_remembers_the_rank_of_the_story_it_read():
    readers = _readers()
    for _ in range(200):
        kind, url = readers.next(STORIES)
        if kind == "article":
            assert STORIES[readers.rank - 1] == url


def test_a_miss_is_put_down_to_its_cause(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "replay-causes"}}  # fmt: skip
    from pagecache import versions

    deps = versions.ensure(["article:1"])
    ok, gone = Namespace(status_code=200), Namespace(status_code=404)
    assert _cause(gone, None, 100.0) == "status 404"
    assert _cause(ok, None, 100.0) == "first"
    assert _cause(ok, (100.0, 100.0, deps), 100.0) == "bound"  # kept as long as it could be
    assert _cause(ok, (50.0, 100.0, deps), 100.0) == "clock"  # ended early by the schedule
    assert _cause(ok, (200.0, 200.0, deps), 100.0) == "lost"  # valid, unchanged, not found
    versions.bump(["article:1"])
    assert _cause(ok, (200.0, 200.0, deps), 100.0) == "write"
