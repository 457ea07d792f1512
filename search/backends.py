"""Full-text search over stories, one function per database.

PostgreSQL: the generated, GIN-indexed `search_vector` column that search/migrations/0001
adds to the articles table (headline weight A, lead B, body C, accent-folded with unaccent),
matched with websearch_to_tsquery and ranked with ts_rank.

SQLite: a plain match over accent-folded text. A Python function registered on each SQLite
connection (search.apps) folds headline, lead and body as the query runs; every word or
phrase must appear, minus-words must not, and relevance counts where they appear (headline 4,
lead 2, body 1). Correct and simple; fine for a small site or a laptop, not for a large archive.

On both, a story also matches when every word names one of its writers ("Thanh Ha").
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, Value, When
from django.db.models.expressions import RawSQL

from articles.models import Article, Byline
from articles.querysets import ArticleQuerySet
from search.query import ParsedQuery
from writers.models import Writer

SEARCH_CONFIG = "english"
WRITER_MATCH_WEIGHT = 1.0
SQLITE_FOLD_FUNCTION = "newsroom_search_fold"
SQLITE_WEIGHTS = {"_f_headline": 4.0, "_f_lead": 2.0, "_f_body": 1.0}
SQLITE_WRITER_WEIGHT = 4.0
PREFIX_MIN_LENGTH = 4


def search(articles: ArticleQuerySet, text: str, parsed: ParsedQuery) -> ArticleQuerySet:
    """`articles` narrowed to those matching, annotated with `relevance` (higher is better)."""
    if connection.vendor == "postgresql":
        return _search_postgresql(articles, text, parsed)
    return _search_folded_text(articles, parsed)


def _writer_story_ids(parsed: ParsedQuery):
    """Ids of stories by a writer whose folded name has every word of the query."""
    writers = Writer.objects.all()
    for word in parsed.words:
        # A whole word of the folded name: "ha" finds "Thanh Hà", not "Phạm".
        writers = writers.filter(
            Q(sort_name=word)
            | Q(sort_name__startswith=f"{word} ")
            | Q(sort_name__endswith=f" {word}")
            | Q(sort_name__contains=f" {word} ")
        )
    return Byline.objects.filter(writer__in=writers).values("article_id")


def _search_postgresql(
    articles: ArticleQuerySet, text: str, parsed: ParsedQuery
) -> ArticleQuerySet:
    table = Article._meta.db_table
    vector = RawSQL(f'"{table}"."search_vector"', [], output_field=SearchVectorField())
    query = SearchQuery(
        Func(Value(text), function="newsroom_unaccent"),
        search_type="websearch",
        config=SEARCH_CONFIG,
    )
    # The text match is its own uncorrelated subquery on the table itself, so PostgreSQL runs
    # it once on the GIN index; the outer query only looks ids up in its result.
    text_ids = RawSQL(
        f'SELECT "id" FROM "{table}" WHERE "search_vector" @@ '
        "websearch_to_tsquery(%s::regconfig, newsroom_unaccent(%s))",
        (SEARCH_CONFIG, text),
    )
    by_writer = _writer_story_ids(parsed)
    writer_bonus = Case(
        When(pk__in=by_writer, then=Value(WRITER_MATCH_WEIGHT)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return articles.filter(Q(pk__in=text_ids) | Q(pk__in=by_writer)).annotate(
        relevance=SearchRank(vector, query) + writer_bonus
    )


def _folded(field: str) -> Func:
    return Func(F(field), function=SQLITE_FOLD_FUNCTION)


def _pattern(term: str) -> str:
    """Whole words; a word of four letters or more also matches as a prefix ("missile" finds
    "missiles"), a short one only whole ("ha" does not find "has")."""
    return f" {term} " if len(term) < PREFIX_MIN_LENGTH else f" {term}"


def _in_field(name: str, term: str) -> Q:
    return Q(**{f"{name}__contains": _pattern(term)})


def _search_folded_text(articles: ArticleQuerySet, parsed: ParsedQuery) -> ArticleQuerySet:
    articles = articles.annotate(
        _f_headline=_folded("headline"), _f_lead=_folded("lead"), _f_body=_folded("body")
    )
    by_writer = Q(pk__in=_writer_story_ids(parsed))
    text_match = Q()
    for term in parsed.required:
        text_match &= Q(*(_in_field(name, term) for name in SQLITE_WEIGHTS), _connector=Q.OR)
    for term in parsed.excluded:
        text_match &= ~Q(*(_in_field(name, term) for name in SQLITE_WEIGHTS), _connector=Q.OR)
    score = Case(
        When(by_writer, then=Value(SQLITE_WRITER_WEIGHT)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    for term in parsed.required:
        for name, weight in SQLITE_WEIGHTS.items():
            score = score + Case(
                When(_in_field(name, term), then=Value(weight)),
                default=Value(0.0),
                output_field=FloatField(),
            )
    return articles.filter(text_match | by_writer).annotate(relevance=score)
