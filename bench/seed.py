"""Seed the benchmark database with N stories in bulk.

Realistic shape: 12 sections, 250 writers, 3,000 tags used with a long tail (a few tags on
thousands of stories, most on a handful), one or two bylines, three to five tags and sometimes
editor-picked related stories per story, a few corrections; about 96 % of the stories live, the
rest drafts, in review, scheduled, expired or withdrawn, over the last N/40 days (about 40
stories a day). Deterministic (seeded random), ids assigned here.

The rows are generated as plain tuples and written per table by `bench.bulk.write` (COPY on
PostgreSQL); on PostgreSQL the loaded tables' indexes and constraints are dropped for the load
and built once afterwards (`bench.bulk.loading`). Every row is generated first, so each story is
written once, with its hero image (an UPDATE would compute its search vector and index entries
a second time); the older half of the stories is then written over a connection of its own
(`bench.bulk.aside`) while this one writes the links, the images and the newer half, so that
PostgreSQL computes the search vectors on both cores from the start.

Images (`seed_images`): most stories have a hero image and most writers a portrait, one
library row each, sharing a few placeholder files whose renditions are made once.
"""

from __future__ import annotations

import hashlib
import io
import random
import time
from datetime import timedelta
from itertools import accumulate

from django.core.management.color import no_style
from django.db import connection
from django.db.models import F
from django.utils import timezone

from articles.models import Article, Byline, Correction, RelatedArticle, TaggedArticle
from bench import bulk
from core.html import sanitize_html
from images.models import Image
from sections.models import Section
from tags.models import Tag
from writers.models import Writer

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


# rng.choice(WORDS) draws getrandbits(WORD_BITS) until the number is below len(WORDS) (CPython's
# Random._randbelow_with_getrandbits); _sentence draws the same way without two Python calls a
# word: the same words from the same stream, in a third of the time (test_bench_seed.py checks).
WORD_BITS = len(WORDS).bit_length()


def _sentence(rng: random.Random, n: int) -> str:
    """n words, as `" ".join(rng.choice(WORDS) for _ in range(n))` draws them, capitalised."""
    draw, count, words = rng.getrandbits, len(WORDS), []
    while len(words) < n:
        if (index := draw(WORD_BITS)) < count:
            words.append(WORDS[index])
    return " ".join(words).capitalize()


# Written with bench.bulk, their indexes built after the load; the names (sections, writers,
# tags) are a few thousand rows and go through bulk_create.
LOADED = [Article, Byline, TaggedArticle, RelatedArticle, Correction, Image]
# One story row: the fields of _articles' tuples, then its hero image.
ARTICLE_FIELDS = (
    "id",
    "headline",
    "slug",
    "lead",
    "body",
    "dateline",
    "section_id",
    "priority",
    "status",
    "publish_at",
    "expire_at",
    "first_published_at",
    "hero_image_id",
)
STATUS = ARTICLE_FIELDS.index("status")


def seed(n: int, *, seed_value: int = 1) -> dict[str, float]:
    """Seed an empty, migrated database, outside any transaction (bench.bulk.loading commits);
    returns timings in seconds per step: "names"; "rows", generating the stories, their links
    and which have a hero image; "links", writing the links while the older half of the
    stories is written aside; "images"; "articles", writing the newer half of the stories and
    waiting for the older; "indexes", their rebuilding and the commit."""
    rng = random.Random(seed_value)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with bulk.loading(*LOADED):
        sections, writers, tags = _seed_names(rng)
        timings["names"] = time.perf_counter() - started
        step = time.perf_counter()
        articles = _articles(rng, n, sections)
        links = _links(rng, n, writers, tags, [row[STATUS] for row in articles])
        # Which stories have a hero image is drawn after the links (the random stream is the
        # seed's data): only now is each story's row complete, and it is written once.
        illustrated = [pk for pk in range(1, n + 1) if rng.random() < HERO_SHARE]
        heroes = dict.fromkeys(illustrated)
        hero_offset = len(PLACEHOLDERS)
        stories = [row + (hero_offset + row[0] if row[0] in heroes else None,) for row in articles]
        del articles, heroes
        timings["rows"] = time.perf_counter() - step
        step = time.perf_counter()
        with bulk.aside(Article, ARTICLE_FIELDS, stories[: n // 2]):
            _write_links(links)
            del links
            timings["links"] = time.perf_counter() - step
            step = time.perf_counter()
            seed_images(rng, n, illustrated)
            timings["images"] = time.perf_counter() - step
            step = time.perf_counter()
            bulk.write(Article, ARTICLE_FIELDS, stories[n // 2 :])
        timings["articles"] = time.perf_counter() - step
        step = time.perf_counter()
    timings["indexes"] = time.perf_counter() - step
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


def _state(rng: random.Random, now, publish_at) -> tuple:
    """(status, publish_at, expire_at)"""
    roll = rng.random()
    published = Article.Status.PUBLISHED
    if roll < 0.96:
        return published, publish_at, None
    if roll < 0.97:
        return published, now + timedelta(hours=rng.randint(1, 72)), None
    if roll < 0.98:
        return published, publish_at, publish_at + timedelta(days=1)
    if roll < 0.99:
        return rng.choice([Article.Status.DRAFT, Article.Status.IN_REVIEW]), None, None
    return Article.Status.WITHDRAWN, publish_at, None


def _articles(rng: random.Random, n: int, sections: list[Section]) -> list[tuple]:
    """The stories, as tuples of ARTICLE_FIELDS but the hero image."""
    now = timezone.now().replace(microsecond=0)
    # Sanitised as SanitizedHTMLField.pre_save sanitises every body written through the ORM; a
    # body is six whole paragraphs, so its sanitised form is theirs joined.
    paragraphs = [sanitize_html(f"<p>{_sentence(rng, 45)}.</p>") for _ in range(300)]
    leads = [_sentence(rng, 24) + "." for _ in range(500)]
    span = timedelta(days=max(n / 40, 1))  # about 40 stories a day, newest an hour ago
    rows: list[tuple] = []
    for i in range(n):
        pk = i + 1
        status, publish_at, expire_at = _state(
            rng, now, now - timedelta(hours=1) - span * (1 - pk / n)
        )
        headline = f"{_sentence(rng, rng.randint(6, 11))} in {rng.choice(PLACES)}"
        priority = "top" if rng.random() < 0.03 else "normal"
        if pk > n - 50 and rng.random() < 0.1:
            priority = "lead"
        rows.append(
            (
                pk,
                headline,
                f"story-{pk}",
                rng.choice(leads),
                "".join(rng.sample(paragraphs, 6)),
                rng.choice(PLACES),
                rng.choice(sections).pk,
                priority,
                status,
                publish_at,
                expire_at,
                publish_at,  # first published
            )
        )
    return rows


def _links(
    rng: random.Random, n: int, writers, tags, states: list[str]
) -> tuple[list, list, list, list]:
    """The bylines, taggings, related stories and corrections, as rows."""
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
            bylines.append((pk, writer_id, role, position))
        for tag_id in set(rng.choices(tag_ids, cum_weights=tag_weights, k=rng.randint(3, 5))):
            taggings.append((pk, tag_id))
        if pk > 10 and rng.random() < 0.3:
            picks = rng.sample(range(max(1, pk - 500), pk), k=2)
            related += [(pk, other, p) for p, other in enumerate(picks)]
        if states[pk - 1] == Article.Status.PUBLISHED and rng.random() < 0.01:
            corrections.append((pk, _sentence(rng, 20) + "."))
    return bylines, taggings, related, corrections


def _write_links(links: tuple[list, list, list, list]) -> None:
    bylines, taggings, related, corrections = links
    bulk.write(Byline, ["article_id", "writer_id", "role", "position"], bylines)
    bulk.write(TaggedArticle, ["content_object_id", "tag_id"], taggings)
    bulk.write(RelatedArticle, ["article_id", "related_id", "position"], related)
    bulk.write(Correction, ["article_id", "text"], corrections)


# (width, height, colour, focal x, focal y) of the shared placeholder photos.
PLACEHOLDERS = [
    (1920, 1280, (70, 110, 150), 0.5, 0.4),
    (1920, 1080, (150, 100, 60), 0.5, 0.5),
    (1600, 1200, (60, 130, 90), 0.4, 0.5),
    (1200, 1500, (120, 80, 130), 0.5, 0.3),
]
IMAGE_FIELDS = (
    "id",
    "file",
    "width",
    "height",
    "sha256",
    "focal_x",
    "focal_y",
    "renditions_key",
    "alt_text",
    "caption",
    "credit",
)
HERO_SHARE = 0.85  # most stories have a hero image
PHOTO_SHARE = 0.8  # most writers have a portrait


def seed_images(rng: random.Random, n: int, illustrated: list[int]) -> None:
    """Hero images for the `illustrated` stories (drawn by `seed`, HERO_SHARE of them) and
    portraits for most writers, one library row each like real uploads (own alt text and
    caption), all sharing a handful of placeholder files.

    The placeholders' renditions are made once; every other row shares a placeholder's file,
    hash and focal point, so its `renditions_key` is the same and pages build full srcsets for
    it exactly as for a real photo (the rendition URLs of those rows name their own id, so the
    files behind them do not exist: the benchmark measures pages, not image downloads).
    """
    base = [_placeholder(i, spec) for i, spec in enumerate(PLACEHOLDERS)]
    # Ids follow the owner's (story pk + offset), so the stories name their hero image before it
    # is written and the writers are pointed at their portraits with one UPDATE.
    hero_offset = len(base)
    photo_offset = hero_offset + n
    rows: list[tuple] = []

    def copy_of(pk: int, template: Image, alt: str) -> None:
        rows.append(
            (
                pk,
                template.file.name,
                template.width,
                template.height,
                template.sha256,
                template.focal_x,
                template.focal_y,
                template.renditions_key,
                alt,
                _sentence(rng, 10) + ".",
                "Photo: Newsroom",
            )
        )

    for pk in illustrated:
        copy_of(hero_offset + pk, rng.choice(base), _sentence(rng, 8))
    writers = [pk for pk in range(1, 251) if rng.random() < PHOTO_SHARE]
    for pk in writers:
        copy_of(photo_offset + pk, rng.choice(base), f"Portrait of writer {pk}")
    bulk.write(Image, IMAGE_FIELDS, rows)
    Writer.objects.filter(pk__in=writers).update(photo_id=F("id") + photo_offset)


def _placeholder(index: int, spec) -> Image:
    """One real photo-sized JPEG in the library with its renditions (made once: a later
    seed finds the files and only writes the row)."""
    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from PIL import ImageDraw

    from images.services import ensure_renditions

    width, height, colour, focal_x, focal_y = spec
    picture = PILImage.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(picture)
    for step in range(0, width, 40):  # some detail, so the encoders have work like a photo's
        draw.line([(step, 0), (width - step, height)], fill=(step % 255, 90, 200), width=9)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    data = buffer.getvalue()
    image = Image(
        id=index + 1,
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
        focal_x=focal_x,
        focal_y=focal_y,
        alt_text=f"Placeholder photo {index + 1}",
        caption="A placeholder photo.",
        credit="Photo: Newsroom",
    )
    name = f"images/bench/placeholder-{index + 1}.jpg"
    storage = Image._meta.get_field("file").storage
    if not storage.exists(name):
        storage.save(name, ContentFile(data))
    image.file.name = name
    image.save(force_insert=True)
    ensure_renditions(image)
    return image


def _reset_sequences() -> None:
    """Ids were given explicitly; move PostgreSQL's sequences past them."""
    models = [
        Section,
        Writer,
        Tag,
        Image,
        Article,
        Byline,
        TaggedArticle,
        RelatedArticle,
        Correction,
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
