"""How each edition's language is searched: the text configuration of its stories and queries.

A story is indexed, and a search in an edition is read, with the configuration of the edition's
language (an edition's code is its language code, editions/config.py):

- English: PostgreSQL's `english` configuration (Snowball stemming, English stop words), and on
  SQLite a word of four letters or more also matches as the start of a longer word, the
  stand-in for stemming there ("missile" finds "missiles").
- Vietnamese, and any language without a configuration of its own: `simple` (every word kept,
  nothing stemmed), and no prefixes on SQLite. English rules would damage Vietnamese words:
  once accents are folded, many syllables are English stop words that the `english`
  configuration drops from stories and queries alike ("Mỹ" the United States, "số" number,
  "ít" few, "an" in "an toàn" safe, "do" because, "to" big, "thế"), so searching for them finds
  nothing; and a prefix match finds "Trang" for "Trần". (The Snowball stemmer itself leaves
  folded Vietnamese syllables alone: they carry none of the suffixes it strips.)

Both databases fold accents and case for every language (unaccent on PostgreSQL, unicode61
remove_diacritics 2 on SQLite): "Da Nang" finds "Đà Nẵng" and the other way round.

search/migrations/0004 writes the PostgreSQL side of this table into the generated
`search_vector` column (`CASE edition WHEN 'en' THEN 'english' ELSE 'simple' END`): a change
here needs a migration that recreates the column (tests/test_edition_search.py checks that the
stored vectors follow this table).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextConfig:
    postgresql: str  # the text search configuration (regconfig) of vectors and queries
    prefixes: bool  # SQLite: a word of PREFIX_MIN_LENGTH letters or more matches longer words


ENGLISH = TextConfig("english", prefixes=True)
UNSTEMMED = TextConfig("simple", prefixes=False)
BY_LANGUAGE = {"en": ENGLISH, "vi": UNSTEMMED}


def text_config(language: str) -> TextConfig:
    """The configuration of a language code ("en", "en-GB", "vi"); `simple` for any other."""
    return BY_LANGUAGE.get(language.split("-")[0].lower(), UNSTEMMED)
