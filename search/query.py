"""Reading what a reader typed into the search box.

PostgreSQL reads the text itself (websearch_to_tsquery); this parser gives the same shape of
query to the SQLite fallback and to the writer-name match on both: "quoted phrases" and plain
words are required, a leading minus excludes. Everything is accent-folded and case-folded, so
"Da Nang" and "Đà Nẵng" are the same query; the words typed with accents are kept as typed
too (`ParsedQuery.accented`), so that ranking can put "bão" (storm) before "báo" (newspaper).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.text import fold

# A reader's query is a few words; anything longer is cut before it reaches the database.
MAX_QUERY_LENGTH = 200
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
OPERATORS = {"or"}


NOT_WORD = re.compile(r"\W+")


def normalise(text: str) -> str:
    """Words only, folded, case-folded, single-spaced: 'Đà  Nẵng!' -> 'da nang'."""
    # One substitution instead of a list of every word and a join (hot: the SQLite search
    # normalises every story's body).
    return NOT_WORD.sub(" ", fold(text).casefold()).strip(" ")


def with_accents(text: str) -> str:
    """Words only, case-folded, single-spaced, accents kept: 'Đà  Nẵng!' -> 'đà nẵng'."""
    return NOT_WORD.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip(" ")


@dataclass(frozen=True)
class ParsedQuery:
    required: tuple[str, ...]
    excluded: tuple[str, ...]
    # The required words and phrases typed with accents, as typed (case-folded): "bão".
    accented: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.required)

    @property
    def words(self) -> list[str]:
        """Every required word, phrases split: what a writer's name is matched against."""
        return [word for term in self.required for word in term.split()]


def parse(text: str) -> ParsedQuery:
    required: list[str] = []
    excluded: list[str] = []
    accented: list[str] = []
    for minus, phrase, word in TOKEN.findall(text[:MAX_QUERY_LENGTH]):
        if word:
            minus, word = ("-", word[1:]) if word.startswith("-") else ("", word)
            term = normalise(word)
            if term in OPERATORS:
                continue
        else:
            term = normalise(phrase)
        if term:
            (excluded if minus else required).append(term)
            typed = with_accents(word or phrase)
            if not minus and typed != term:
                accented.append(typed)
    return ParsedQuery(
        tuple(dict.fromkeys(required)),
        tuple(dict.fromkeys(excluded)),
        tuple(dict.fromkeys(accented)),
    )
