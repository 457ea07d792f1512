"""Reversing URLs for the public pages, memoised.

A page links every card's story, section and writer: forty `reverse()` calls on an article page,
a hundred on the home page, each resolving the URL patterns again. The result depends only on
the URL configuration, the script prefix and the arguments, so it is remembered per process for
those and the edition (the active language: the reader's pages are under the edition's prefix,
editions/urls.py), bounded, and cleared when tests change ROOT_URLCONF. The newsroom sets no
per-request URLconf (`request.urlconf`), so that does not enter the key.

`reverse_in(edition, ...)` is an address in another edition than the current one (a story's own
address, the language switch): the same patterns, under that edition's prefix.

`Addresses()` is `reverse()` for the many addresses of one page (every card's story and
section): the script prefix and the active language are each a context-local lookup (a couple
of microseconds through asgiref's Local), read once when it is made instead of on every call.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.urls import reverse as django_reverse
from django.utils import translation

from core import rendering


def reverse(viewname: str, *args, **kwargs) -> str:
    # During a reader's page's render, its language and prefix, read once (core.rendering).
    language, prefix = rendering.language_and_prefix()
    return _reverse(prefix, language, viewname, args, tuple(kwargs.items()))


def reverse_in(edition: str, viewname: str, *args, **kwargs) -> str:
    """The address in the edition whose code is `edition` (its path on the site's host; an
    edition at a host of its own has it at that host's root)."""
    return _reverse(get_script_prefix(), edition, viewname, args, tuple(kwargs.items()))


class Addresses:
    """`reverse()` with the script prefix and the language read once, when made (the module
    says why): make one for a page's addresses, not one to keep across requests."""

    __slots__ = ("prefix", "language")

    def __init__(self) -> None:
        self.prefix = get_script_prefix()
        self.language = translation.get_language()

    def reverse(self, viewname: str, **kwargs) -> str:
        return _reverse(self.prefix, self.language, viewname, (), tuple(kwargs.items()))


@lru_cache(maxsize=16_384)
def _reverse(prefix: str, language: str | None, viewname: str, args: tuple, kwargs: tuple) -> str:
    # `prefix` is in the key because django_reverse reads the same thread's script prefix, and
    # `language` because the reader's patterns are under the edition's prefix.
    if language is None or language == translation.get_language():
        return django_reverse(viewname, args=args or None, kwargs=dict(kwargs) or None)
    with translation.override(language):
        return django_reverse(viewname, args=args or None, kwargs=dict(kwargs) or None)


@receiver(setting_changed)
def _urls_changed(*, setting: str, **_) -> None:
    if setting in {"ROOT_URLCONF", "NEWSROOM_EDITIONS", "NEWSROOM_EDITION_HOSTS"}:
        _reverse.cache_clear()
