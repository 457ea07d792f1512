"""Text helpers that understand Vietnamese.

Unicode decomposition (NFKD) splits most Vietnamese letters into a base letter and combining
marks ("ẵ" -> "a" + breve + tilde), so dropping the marks transliterates them. The one exception
is "đ"/"Đ", a letter of its own with no decomposition: without the table below Django's slugify
turns "Đà Nẵng" into "a-nang".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django.utils.text import slugify

LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


class _FoldTable(dict):
    """Code point -> its folded text, filled on first sight: `str.translate` with it folds a
    text in C, one dictionary lookup per character (the SQLite search folds every story's
    body on each search, so this is hot). Folding character by character equals folding the
    whole text, since only the combining marks NFKD splits off are dropped."""

    def __missing__(self, code: int) -> str:
        char = chr(code).translate(LETTERS_WITHOUT_DECOMPOSITION)
        decomposed = unicodedata.normalize("NFKD", char)
        folded = "".join(part for part in decomposed if not unicodedata.combining(part))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """ASCII-fold text: 'Thanh Hà, Đà Nẵng' -> 'Thanh Ha, Da Nang'. Keeps case and spacing."""
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


def slugify_vi(text: str, *, max_length: int = 200) -> str:
    """A URL slug with Vietnamese transliterated: 'Đà Nẵng' -> 'da-nang'."""
    slug = slugify(fold(text))
    return slug[:max_length].strip("-")


def sort_key(text: str) -> str:
    """A collation key that sorts Vietnamese names as a reader expects ('Đỗ' among the Ds)."""
    return fold(text).casefold()


def unique_slug(
    text: str, *, taken: Callable[[str], bool], max_length: int = 200, fallback: str = "item"
) -> str:
    """The slug for text, suffixed -2, -3, ... until `taken(slug)` is false."""
    base = slugify_vi(text, max_length=max_length) or fallback
    candidate, counter = base, 1
    while taken(candidate):
        counter += 1
        suffix = f"-{counter}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate
