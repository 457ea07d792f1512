"""Full-text search over stories, one text match per database.

A search reads a bounded number of matches: the newest `limit` stories that match, newest
first, each with its relevance (public.search asks for one more than the page can show, to
know whether there are more). The database walks the newest-first visibility index and stops
after `limit` matches when a word is common, or reads a rare word's few matches from the
full-text index; either way the work is about `limit` stories, not every story that contains
the word. The caller ranks those matches and reads one page of stories by id.

Every search is in one edition's stories and reads the query with that edition's text
configuration (search/languages.py: English stemmed, Vietnamese not), as its stories were indexed.

PostgreSQL: the generated, GIN-indexed `search_vector` column that search/migrations/0001
adds to the articles table (headline weight A, lead B, body C, accent-folded with unaccent, in
the story's edition's configuration since 0004), matched with websearch_to_tsquery in the
edition's configuration and ranked with ts_rank.

SQLite: an FTS5 full-text index over headline, lead and body, kept current by triggers
(search/sqlite.py, search/migrations/0003); relevance counts the words found in the headline
(4) and the lead (2).

Accents are folded for matching ("bao" finds "bão" and "báo"), but a word typed with its
accents ranks the stories that have it so in their headline or lead first: each such word found
there as typed gains EXACT_FORM_WEIGHT (PostgreSQL) or SQLITE_EXACT_FORM_WEIGHT, checked in Python
over the matches' headlines and leads, read in the same query (no query more, and none of it
when nothing was typed with accents or the order is newest first).

On both, a story also matches when every word names one of its writers ("Thanh Ha"): the
writers are looked up first, and only when there are some do their newest stories make a
second query, merged with the text's; so the text match keeps its index. A writer's own story
gains WRITER_MATCH_WEIGHT (PostgreSQL, against ts_rank's 0-1) or SQLITE_WRITER_WEIGHT (as
much as a word in the headline).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import FloatField, Func, Q, Value
from django.db.models.expressions import RawSQL

from articles.models import Article, Byline
from articles.querysets import ArticleQuerySet
from search import sqlite
from search.languages import TextConfig
from search.query import ParsedQuery
from writers.models import Writer

WRITER_MATCH_WEIGHT = 1.0
SQLITE_WRITER_WEIGHT = 4.0
EXACT_FORM_WEIGHT = 1.0  # against ts_rank's 0-1
SQLITE_EXACT_FORM_WEIGHT = 4.0  # as much as a word in the headline


@dataclass(frozen=True)
class Match:
    """One matching story: what ordering and paging need, without the story itself."""

    pk: int
    relevance: float = 0.0


def newest(articles: ArticleQuerySet, limit: int) -> list[Match]:
    """The newest `limit` stories of `articles`, newest first (a walk of the index, no count)."""
    return [Match(pk) for pk in _newest_first(articles).values_list("pk", flat=True)[:limit]]


def newest_matches(
    articles: ArticleQuerySet,
    text: str,
    parsed: ParsedQuery,
    *,
    config: TextConfig,
    limit: int,
    ranked: bool,
) -> list[Match]:
    """The newest `limit` stories of `articles` (one edition's) matching the query read with
    `config` (that edition's), newest first, each with its relevance (higher is better;
    meaningless unless `ranked`)."""
    if connection.vendor == "postgresql":
        by_text = _postgresql_text(articles, text, config, ranked)
        writer_weight, exact_weight = WRITER_MATCH_WEIGHT, EXACT_FORM_WEIGHT
    else:
        by_text = sqlite.matching(articles, parsed, ranked, prefixes=config.prefixes)
        writer_weight, exact_weight = SQLITE_WRITER_WEIGHT, SQLITE_EXACT_FORM_WEIGHT
    exact = ExactForms(parsed.accented if ranked else (), exact_weight)
    writers = _named_writers(parsed)
    if not writers:  # the usual case: the words name no writer
        rows = _newest_first(by_text).values_list("pk", "relevance", *exact.fields)[:limit]
        return [Match(pk, relevance + exact.bonus(texts)) for pk, relevance, *texts in rows]
    by_writer = articles.filter(
        pk__in=Byline.objects.filter(writer__in=writers).values("article_id")
    )
    return _merged(by_text, by_writer, limit, writer_weight, exact)


class ExactForms:
    """The words typed with accents ("bão"), and what a match gains for each found as typed in
    its headline or lead: they are read with the matches only when there are some. One regular
    expression search per word and match (whole words, case-folded): on the 20,000-story
    benchmark database (SQLite), 46 ms for "mínister" against 43 ms for "minister", where
    normalising every headline and lead first took 18 ms more."""

    def __init__(self, accented: tuple[str, ...], weight: float) -> None:
        self.weight = weight
        self.patterns = [_whole_words(term) for term in accented]
        self.fields: tuple[str, ...] = ("headline", "lead") if accented else ()

    def bonus(self, texts: list[str]) -> float:
        if not self.patterns:
            return 0.0
        text = " ".join(texts)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = text.casefold()
        return self.weight * sum(1 for pattern in self.patterns if pattern.search(text))


NOT_WORDS = r"\W+"


def _whole_words(term: str) -> re.Pattern[str]:
    """The words of `term` in a row, each whole, anything but letters and digits between."""
    words = NOT_WORDS.join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<!\w){words}(?!\w)")


def _newest_first(articles: ArticleQuerySet) -> ArticleQuerySet:
    return articles.prefetch_related(None).order_by("-publish_at", "-pk")


def _named_writers(parsed: ParsedQuery) -> list[int]:
    """Writers whose folded name has every word of the query as a whole word ("ha" finds
    "Thanh Hà", not "Phạm"). Looked up on their own (a small query, usually empty), so that the
    query for their stories names them and the text match keeps its index."""
    writers = Writer.objects.order_by()
    for word in parsed.words:
        writers = writers.filter(
            Q(sort_name=word)
            | Q(sort_name__startswith=f"{word} ")
            | Q(sort_name__endswith=f" {word}")
            | Q(sort_name__contains=f" {word} ")
        )
    return list(writers.values_list("pk", flat=True))


def _merged(
    by_text: ArticleQuerySet,
    by_writer: ArticleQuerySet,
    limit: int,
    writer_weight: float,
    exact: ExactForms,
) -> list[Match]:
    """The newest `limit` stories matching the text or written by a named writer: they are
    among the newest `limit` of each. A writer's story gains `writer_weight`."""
    texts = {
        pk: (publish_at, relevance + exact.bonus(words))
        for pk, publish_at, relevance, *words in _newest_first(by_text).values_list(
            "pk", "publish_at", "relevance", *exact.fields
        )[:limit]
    }
    writers = dict(_newest_first(by_writer).values_list("pk", "publish_at")[:limit])
    found = sorted(
        texts.keys() | writers.keys(),
        key=lambda pk: (writers[pk] if pk in writers else texts[pk][0], pk),
        reverse=True,
    )[:limit]
    return [
        Match(
            pk,
            (texts[pk][1] if pk in texts else 0.0) + (writer_weight if pk in writers else 0.0),
        )
        for pk in found
    ]


def _postgresql_text(
    articles: ArticleQuerySet, text: str, config: TextConfig, ranked: bool
) -> ArticleQuerySet:
    """Stories whose search vector matches, named directly in the WHERE clause so PostgreSQL
    chooses: walk the newest-first index and stop (a common word) or read the GIN index (a rare
    one)."""
    vector = RawSQL(
        f'"{Article._meta.db_table}"."search_vector"', [], output_field=SearchVectorField()
    )
    query = SearchQuery(
        Func(Value(text), function="newsroom_unaccent"),
        search_type="websearch",
        config=config.postgresql,
    )
    relevance = SearchRank(vector, query) if ranked else Value(0.0, output_field=FloatField())
    return articles.alias(_vector=vector).filter(_vector=query).annotate(relevance=relevance)
