"""SQLite's full-text index of stories (an FTS5 table over headline, lead and body), and how a
search reads it.

An external-content table (`content=articles_article`: the text is not stored twice) kept
current by three triggers, so every write is covered (admin, import, `bulk_create`,
`queryset.update()`, the sqlite3 shell) with no `save()` hook. The triggers use only built-in
SQL functions, so a connection without the site's Python functions can still write stories.
The tokenizer folds case and accents (`unicode61 remove_diacritics 2`: "Đà Nẵng" is indexed as
"da nang"), except "đ" and "ð", letters with no decomposition, which the triggers replace
(as `core.text.fold` does).

Django's SQLite schema editor rebuilds a table for many column changes, and dropping the old
table drops its triggers. So `ensure_index()` runs after every `migrate` (search.apps): it
recreates missing triggers and then re-indexes every story. Never use FTS5's `rebuild`
command here: it would read the raw columns, without the replacements above.

A query's words become an FTS5 query (`matching()`): each word or phrase required, in English a
word of four letters or more also as a prefix ("missile" finds "missiles"; the edition's
`TextConfig.prefixes`, search/languages.py), minus-words excluded: the same rules as the plain
folded-text match this replaced. Vietnamese words match whole ("Trần" does not find "Trang").
The index itself is the same for every edition: folded words, nothing stemmed. Relevance
counts where the words are (headline 4, lead 2) over folded text (a Python function registered
on each connection, search.apps), read only for the stories returned. The index also sees the
body's HTML, so a word that is also the name of a tag or attribute the sanitiser allows
("strong", "table", "title") is checked against the folded text as well; words of link
addresses in the body do match.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from articles.querysets import ArticleQuerySet
from core.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES
from search.query import ParsedQuery

TABLE = "search_article_fts"
COLUMNS = ("headline", "lead", "body")
TRIGGERS = {
    "search_article_fts_insert": f"""
        CREATE TRIGGER IF NOT EXISTS search_article_fts_insert
        AFTER INSERT ON articles_article BEGIN
            INSERT INTO {TABLE} (rowid, headline, lead, body) VALUES ({{new}});
        END""",
    "search_article_fts_delete": f"""
        CREATE TRIGGER IF NOT EXISTS search_article_fts_delete
        AFTER DELETE ON articles_article BEGIN
            INSERT INTO {TABLE} ({TABLE}, rowid, headline, lead, body) VALUES ('delete', {{old}});
        END""",
    "search_article_fts_update": f"""
        CREATE TRIGGER IF NOT EXISTS search_article_fts_update
        AFTER UPDATE OF headline, lead, body ON articles_article BEGIN
            INSERT INTO {TABLE} ({TABLE}, rowid, headline, lead, body) VALUES ('delete', {{old}});
            INSERT INTO {TABLE} (rowid, headline, lead, body) VALUES ({{new}});
        END""",
}


def _folded(column: str) -> str:
    """The text the index sees: the column with the letters the tokenizer cannot fold."""
    expression = column
    for letter, plain in (("đ", "d"), ("Đ", "D"), ("ð", "d"), ("Ð", "D")):
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


def _values(row: str) -> str:
    """`rowid, headline, lead, body` of `row` (new, old or the table), as the index sees them."""
    return ", ".join([f"{row}.id", *(_folded(f"{row}.{column}") for column in COLUMNS)])


def _triggers() -> dict[str, str]:
    return {
        name: sql.format(new=_values("new"), old=_values("old")) for name, sql in TRIGGERS.items()
    }


def create_index(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
            f"{', '.join(COLUMNS)}, content='articles_article', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
    ensure_index(connection)


def drop_index(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def ensure_index(connection: BaseDatabaseWrapper) -> None:
    """Recreate missing triggers and, if any was missing, index every story again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name IN "
            f"({', '.join(['%s'] * (len(TRIGGERS) + 1))})",
            [TABLE, *TRIGGERS],
        )
        present = {name for (name,) in cursor.fetchall()}
        if TABLE not in present or present >= set(TRIGGERS):
            return  # not installed (migrated back), or nothing to repair
        for sql in _triggers().values():
            cursor.execute(sql)
        cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('delete-all')")
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) "
            f"SELECT {_values('articles_article')} FROM articles_article"
        )


# --- Reading it --------------------------------------------------------------------------------

FOLD_FUNCTION = "newsroom_search_fold"
PREFIX_MIN_LENGTH = 4
WEIGHTS = {"headline": 4.0, "lead": 2.0}  # per word found there; every match also scores 1
MARKUP_WORDS = frozenset(
    ALLOWED_TAGS.union(*ALLOWED_ATTRIBUTES.values(), ALLOWED_URL_SCHEMES)
    | {"rel", "noopener", "noreferrer"}  # the sanitiser adds rel="noopener noreferrer" to links
)


def matching(
    articles: ArticleQuerySet, parsed: ParsedQuery, ranked: bool, *, prefixes: bool
) -> ArticleQuerySet:
    """`articles` that match the query, annotated with `relevance` (higher is better). With
    `prefixes`, a word of PREFIX_MIN_LENGTH letters or more also matches longer words."""
    plain_excluded = [term for term in parsed.excluded if not _names_markup(term)]
    query = " AND ".join(_phrase(term, prefixes) for term in parsed.required)
    query += "".join(f" NOT {_phrase(term, prefixes)}" for term in plain_excluded)
    # The unary + keeps SQLite from reading the index's matches one by one and sorting them:
    # it walks the newest-first visibility index instead and stops after `limit` matches,
    # checking each story against the matches (read once). For a word in every story that is
    # 0.1 s at 100,000 stories instead of 0.7 s; a rare word costs the walk (0.05 s).
    matches = articles.alias(**_folded_columns()).filter(
        RawSQL(
            f'+"articles_article"."id" IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)',
            [query],
            output_field=BooleanField(),
        )
    )
    everywhere = ("_f_headline", "_f_lead", "_f_body")
    for term in parsed.required:
        if _names_markup(term):
            matches = matches.filter(_in_folded_text(term, prefixes, *everywhere))
    for term in set(parsed.excluded) - set(plain_excluded):
        matches = matches.exclude(_in_folded_text(term, prefixes, *everywhere))
    return matches.annotate(relevance=_relevance(parsed, prefixes) if ranked else Value(0.0))


def _as_prefix(term: str, prefixes: bool) -> bool:
    return prefixes and len(term) >= PREFIX_MIN_LENGTH


def _phrase(term: str, prefixes: bool) -> str:
    """An FTS5 phrase; terms hold only word characters and spaces (search.query.normalise)."""
    return f'"{term}"*' if _as_prefix(term, prefixes) else f'"{term}"'


def _names_markup(term: str) -> bool:
    return any(word in MARKUP_WORDS for word in term.split())


def _folded_columns() -> dict[str, Func]:
    return {
        f"_f_{column}": Func(F(column), function=FOLD_FUNCTION, output_field=TextField())
        for column in COLUMNS
    }


def _in_folded_text(term: str, prefixes: bool, *names: str) -> Q:
    """Whole words; with `prefixes`, a word of four letters or more also as a prefix, as in
    the index's query."""
    pattern = f" {term}" if _as_prefix(term, prefixes) else f" {term} "
    return Q(*(Q(**{f"{name}__contains": pattern}) for name in names), _connector=Q.OR)


def _relevance(parsed: ParsedQuery, prefixes: bool) -> Expression:
    """1, plus 4 for each word or phrase in the headline and 2 for each in the lead. FTS5's
    bm25() would also weigh the body, but only by re-reading a word's whole list of stories
    for each story ranked (38 ms a story for a common word at 100,000 stories)."""
    score: Expression = Value(1.0)
    for term in parsed.required:
        for column, weight in WEIGHTS.items():
            score = score + Case(
                When(_in_folded_text(term, prefixes, f"_f_{column}"), then=Value(weight)),
                default=Value(0.0),
            )
    return ExpressionWrapper(score, output_field=FloatField())
