"""Seed the benchmark database with N stories in bulk.

Realistic shape: 12 sections, 250 writers, 3,000 tags used with a long tail (a few tags on
thousands of stories, most on a handful), one or two bylines, three to five tags and sometimes
editor-picked related stories per story, a few corrections; about 96 % of the stories live, the
rest drafts, in review, scheduled, expired or withdrawn, over the last N/40 days (about 40
stories a day). Deterministic (seeded random), ids assigned here, rows written with
bulk_create in large batches inside one transaction.

Images are a separate step (`seed_images`), so the images work can extend it without touching
the rest.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from itertools import accumulate

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, Byline, Correction, RelatedArticle, TaggedArticle
from sections.models import Section
from tags.models import Tag
from writers.models import Writer

BATCH = 5_000
SECTION_NAMES = [
    "News",
    "World",
    "Business",
    "Society",
    "Sport",
    "Culture",
    "Science",
    "Technology",
    "Travel",
    "Health",
    "Education",
    "Opinion",
]
WORDS = [
    "minister",
    "council",
    "storm",
    "flood",
    "budget",
    "market",
    "election",
    "court",
    "river",
    "port",
    "factory",
    "farmers",
    "police",
    "school",
    "hospital",
    "festival",
    "bridge",
    "airport",
    "rice",
    "coffee",
    "exports",
    "investment",
    "typhoon",
    "province",
    "city",
    "delta",
    "mountain",
    "coast",
    "border",
    "talks",
    "summit",
    "ceasefire",
    "treaty",
    "workers",
    "teachers",
    "students",
    "doctors",
    "scientists",
    "startup",
    "bank",
    "currency",
    "inflation",
    "tourism",
    "heritage",
    "museum",
    "football",
    "league",
    "champion",
    "record",
    "drought",
    "harvest",
    "energy",
    "solar",
    "wind",
    "grid",
    "railway",
    "highway",
]
PLACES = [
    "Hà Nội",
    "HCMC",
    "Đà Nẵng",
    "Huế",
    "Cần Thơ",
    "Hải Phòng",
    "Nha Trang",
    "Gia Lai",
    "Quảng Ninh",
    "Đắk Lắk",
    "Geneva",
    "Tokyo",
    "Seoul",
    "Bangkok",
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def seed(n: int, *, seed_value: int = 1) -> dict[str, float]:
    """Seed an empty, migrated database; returns timings in seconds per step."""
    rng = random.Random(seed_value)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        sections, writers, tags = _seed_names(rng)
        timings["names"] = time.perf_counter() - started
        step = time.perf_counter()
        states = _seed_articles(rng, n, sections)
        timings["articles"] = time.perf_counter() - step
        step = time.perf_counter()
        _seed_links(rng, n, writers, tags, states)
        timings["links"] = time.perf_counter() - step
        step = time.perf_counter()
        seed_images(rng, n)
        timings["images"] = time.perf_counter() - step
    _reset_sequences()
    timings["total"] = time.perf_counter() - started
    return timings


def _seed_names(rng: random.Random) -> tuple[list[Section], list[Writer], list[Tag]]:
    sections = Section.objects.bulk_create(
        Section(id=i + 1, name=name, slug=name.lower(), position=i)
        for i, name in enumerate(SECTION_NAMES)
    )
    writers = Writer.objects.bulk_create(
        Writer(
            id=i + 1,
            name=f"Writer {i + 1}",
            slug=f"writer-{i + 1}",
            sort_name=f"writer {i + 1:05d}",
            job_title="Reporter",
            bio=_sentence(rng, 30),
        )
        for i in range(250)
    )
    tags = Tag.objects.bulk_create(
        Tag(id=i + 1, name=f"{rng.choice(WORDS)} {i + 1}", slug=f"topic-{i + 1}")
        for i in range(3_000)
    )
    return sections, writers, tags


def _state(rng: random.Random, now, publish_at) -> dict:
    roll = rng.random()
    published = Article.Status.PUBLISHED
    if roll < 0.96:
        return {"status": published, "publish_at": publish_at}
    if roll < 0.97:
        return {"status": published, "publish_at": now + timedelta(hours=rng.randint(1, 72))}
    if roll < 0.98:
        return {
            "status": published,
            "publish_at": publish_at,
            "expire_at": publish_at + timedelta(days=1),
        }
    if roll < 0.99:
        return {"status": rng.choice([Article.Status.DRAFT, Article.Status.IN_REVIEW])}
    return {"status": Article.Status.WITHDRAWN, "publish_at": publish_at}


def _seed_articles(rng: random.Random, n: int, sections: list[Section]) -> list[str]:
    now = timezone.now().replace(microsecond=0)
    paragraphs = [f"<p>{_sentence(rng, 45)}.</p>" for _ in range(300)]
    leads = [_sentence(rng, 24) + "." for _ in range(500)]
    span = timedelta(days=max(n / 40, 1))  # about 40 stories a day, newest an hour ago
    states: list[str] = []
    batch: list[Article] = []
    for i in range(n):
        pk = i + 1
        publish_at = now - timedelta(hours=1) - span * (1 - pk / n)
        state = _state(rng, now, publish_at)
        states.append(state["status"])
        headline = f"{_sentence(rng, rng.randint(6, 11))} in {rng.choice(PLACES)}"
        priority = "top" if rng.random() < 0.03 else "normal"
        if pk > n - 50 and rng.random() < 0.1:
            priority = "lead"
        batch.append(
            Article(
                id=pk,
                headline=headline,
                slug=f"story-{pk}",
                lead=rng.choice(leads),
                body="".join(rng.sample(paragraphs, 6)),
                dateline=rng.choice(PLACES),
                section=rng.choice(sections),
                priority=priority,
                first_published_at=state.get("publish_at"),
                created_at=now,
                modified_at=now,
                **state,
            )
        )
        if len(batch) == BATCH:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    return states


def _seed_links(rng: random.Random, n: int, writers, tags, states: list[str]) -> None:
    # Long tails: a few busy writers and tags, many quiet ones.
    writer_weights = list(accumulate(1 / (i + 1) ** 0.8 for i in range(len(writers))))
    tag_weights = list(accumulate(1 / (i + 1) ** 1.1 for i in range(len(tags))))
    writer_ids = [w.pk for w in writers]
    tag_ids = [t.pk for t in tags]
    bylines, taggings, related, corrections = [], [], [], []
    for pk in range(1, n + 1):
        for position, writer_id in enumerate(
            dict.fromkeys(
                rng.choices(writer_ids, cum_weights=writer_weights, k=rng.choice([1, 1, 1, 2]))
            )
        ):
            role = "reporter" if position == 0 else rng.choice(["reporter", "translator"])
            bylines.append(Byline(article_id=pk, writer_id=writer_id, role=role, position=position))
        for tag_id in set(rng.choices(tag_ids, cum_weights=tag_weights, k=rng.randint(3, 5))):
            taggings.append(TaggedArticle(content_object_id=pk, tag_id=tag_id))
        if pk > 10 and rng.random() < 0.3:
            picks = rng.sample(range(max(1, pk - 500), pk), k=2)
            related += [
                RelatedArticle(article_id=pk, related_id=other, position=p)
                for p, other in enumerate(picks)
            ]
        if states[pk - 1] == Article.Status.PUBLISHED and rng.random() < 0.01:
            corrections.append(Correction(article_id=pk, text=_sentence(rng, 20) + "."))
    for model, rows in [
        (Byline, bylines),
        (TaggedArticle, taggings),
        (RelatedArticle, related),
        (Correction, corrections),
    ]:
        model.objects.bulk_create(rows, batch_size=BATCH)


def seed_images(rng: random.Random, n: int) -> None:
    """Hero images and their renditions. A no-op until the images library is merged: then
    create the image rows here (files can be shared placeholders) and point stories at them."""


def _reset_sequences() -> None:
    """Ids were given explicitly; move PostgreSQL's sequences past them."""
    models = [Section, Writer, Tag, Article, Byline, TaggedArticle, RelatedArticle, Correction]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
