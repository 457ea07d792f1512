"""The benchmark's seed (bench/seed.py): the same rows on every run and every database, since the
benchmark compares its figures over time; and on PostgreSQL, where the loaded tables' indexes and
constraints are dropped for the load and built again, and the stories written over two
connections, the migrated schema afterwards, or after a failed seed.

The seed commits (on PostgreSQL, from more than one connection), so these tests use real
transactions."""

import hashlib
import random
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection

from articles.models import Article, Byline, Correction, RelatedArticle, TaggedArticle
from bench import bulk, seed
from images.models import Image
from sections.models import Section
from tags.models import Tag
from tests.factories import ArticleFactory
from writers.models import Writer

# Sequences reset, as in the fresh database the benchmark seeds: bylines, taggings, related
# stories and corrections take their ids from them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True, reset_sequences=True)

STORIES = 300
SEEDED_AT = datetime(2026, 11, 20, 8, 30, 15, 123456, tzinfo=UTC)
# What seeding 300 stories at SEEDED_AT writes, computed with the seed as it was before its rows
# went through bench.bulk (bulk_create in batches). A deliberate change to the seeded data
# changes these: say so where the benchmark's figures are compared.
COUNTS = {
    "sections": 12,
    "writers": 250,
    "tags": 3000,
    "stories": 300,
    "bylines": 369,
    "taggings": 1136,
    "related": 174,
    "corrections": 1,
    "images": 465,
    "heroes": 251,
    "portraits": 210,
    "live": 287,
}
DIGEST = "1733b6d72aac09d5d51f2c94350d9d2f21458eb5d1dde5b3ff6481862c476816"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="indexes rebuilt on PostgreSQL only"
)


@pytest.fixture
def small_placeholders(monkeypatch):
    """Placeholder photos a few pixels across, so that their renditions are quick to make."""
    monkeypatch.setattr(
        seed,
        "PLACEHOLDERS",
        [
            (64, 48, (70, 110, 150), 0.5, 0.4),
            (64, 36, (150, 100, 60), 0.5, 0.5),
            (48, 36, (60, 130, 90), 0.4, 0.5),
            (36, 45, (120, 80, 130), 0.5, 0.3),
        ],
    )


def _seed():
    with time_machine.travel(SEEDED_AT, tick=False):
        seed.seed(STORIES)
        return _counts()


def _counts() -> dict[str, int]:
    return {
        "sections": Section.objects.count(),
        "writers": Writer.objects.count(),
        "tags": Tag.objects.count(),
        "stories": Article.objects.count(),
        "bylines": Byline.objects.count(),
        "taggings": TaggedArticle.objects.count(),
        "related": RelatedArticle.objects.count(),
        "corrections": Correction.objects.count(),
        "images": Image.objects.count(),
        "heroes": Article.objects.filter(hero_image__isnull=False).count(),
        "portraits": Writer.objects.filter(photo__isnull=False).count(),
        "live": Article.objects.live().count(),
    }


# Added with the editions (docs/editions.md): the benchmark's stories are all in the default
# edition and translate nothing (test_seeding_writes_the_same_rows_as_ever checks it), so the
# digest of the rest is as it was.
EDITION_FIELDS = {"edition", "translation_of", "source_synced_at", "source_snapshot"}


def _digest() -> str:
    """Every seeded row, but the placeholders' file hashes, which depend on the JPEG encoder."""
    image_fields = ["file", "width", "height", "focal_x", "focal_y", "alt_text", "caption"]
    tables = [
        Section.objects.values_list("id", "name", "slug", "position"),
        Writer.objects.values_list("id", "name", "slug", "sort_name", "bio", "photo_id"),
        Tag.objects.values_list("id", "name", "slug"),
        Article.objects.values_list(
            *(f.attname for f in Article._meta.concrete_fields if f.name not in EDITION_FIELDS)
        ),
        Byline.objects.values_list("id", "article_id", "writer_id", "role", "position"),
        TaggedArticle.objects.values_list("id", "content_object_id", "tag_id"),
        RelatedArticle.objects.values_list("id", "article_id", "related_id", "position"),
        Correction.objects.values_list("id", "article_id", "text", "published_at"),
        Image.objects.values_list("id", *image_fields, "credit", "uploaded_at"),
    ]
    digest = hashlib.sha256()
    for rows in tables:
        for row in rows.order_by("pk"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_seeding_writes_the_same_rows_as_ever(small_placeholders):
    assert _seed() == COUNTS
    assert _digest() == DIGEST
    assert set(Article.objects.values_list("edition", flat=True)) == {"en"}
    assert not Article.objects.exclude(translation_of=None, source_snapshot={}).exists()


@pytest.mark.django_db(transaction=False)
def test_sentences_are_the_words_random_choice_would_draw():
    """seed._sentence draws the words itself, faster: the same words from the same stream."""
    for seed_value in range(20):
        fast, reference = random.Random(seed_value), random.Random(seed_value)
        for length in (1, 8, 45):
            assert (
                seed._sentence(fast, length)
                == " ".join(reference.choice(seed.WORDS) for _ in range(length)).capitalize()
            )
        assert fast.getstate() == reference.getstate()


def _schema() -> tuple[list, list]:
    """Every index and constraint of the seeded tables, as the catalogue defines them."""
    tables = [model._meta.db_table for model in seed.LOADED]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated
            FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) ORDER BY 1, 2
            """,
            [tables],
        )
        return indexes, cursor.fetchall()


@postgresql_only
def test_the_schema_after_seeding_is_the_migrated_one(small_placeholders):
    migrated = _schema()
    assert any("USING gin (search_vector)" in definition for _, definition in migrated[0])

    _seed()

    assert _schema() == migrated
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_index WHERE indrelid = ANY(%s::regclass[])"
            " AND NOT (indisvalid AND indisready)",
            [[model._meta.db_table for model in seed.LOADED]],
        )
        assert cursor.fetchone()[0] == 0


@postgresql_only
def test_every_seeded_story_has_its_search_vector(small_placeholders):
    _seed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article WHERE search_vector IS NULL")
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM articles_article"
            " WHERE search_vector @@ to_tsquery('english', 'minister')"
        )
        assert cursor.fetchone()[0] > 0


@postgresql_only
def test_tables_that_hold_rows_keep_their_indexes(small_placeholders):
    ArticleFactory()
    migrated = _schema()

    with pytest.raises(ValueError, match="articles_article is not empty"):
        _seed()

    assert _schema() == migrated


def test_a_failed_seed_leaves_empty_tables_with_their_indexes(small_placeholders, monkeypatch):
    migrated = _schema() if connection.vendor == "postgresql" else None
    write = bulk.write

    def write_then_fail(model, *args, **kwargs):
        write(model, *args, **kwargs)  # on PostgreSQL, the older half has committed aside
        if model is Article:
            raise RuntimeError("stopped")

    monkeypatch.setattr(bulk, "write", write_then_fail)

    with pytest.raises(RuntimeError, match="stopped"):
        _seed()

    assert not Article.objects.exists()
    assert not Byline.objects.exists()
    assert not Section.objects.exists()
    if migrated:
        assert _schema() == migrated
        assert not _unfinished_marker()


@postgresql_only
def test_a_seed_killed_half_way_makes_the_next_one_refuse(small_placeholders):
    """Killed, it could not rebuild the indexes it had dropped: that database is not to be used."""
    migrated = _schema()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {bulk.UNFINISHED} ()")
    try:
        with pytest.raises(ValueError, match="stopped half-way"):
            _seed()
        assert _schema() == migrated
        assert not Section.objects.exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {bulk.UNFINISHED}")


def _unfinished_marker() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [bulk.UNFINISHED])
        return cursor.fetchone()[0]
