"""The active language and script prefix, read once for a whole render of a reader's page.

Every time on a card (`time_tag`), every `url()` and every interface string (`_()`) asked
Django for the active language, and `url()` for the script prefix too: each a context-local
lookup through asgiref's `Local`, some seven Python calls, and a home page made about 150 of
them (docs/performance.md, "Fewer Python calls on uncached pages"). A public template's render
(public.environment.PublicTemplate) reads both once, when it starts, and keeps them in a
context variable until it ends, whose reading costs no Python call; `language()` and
`prefix()` answer from there during a render, and ask Django outside one.

What a render reads stays right for all of it: a render happens inside one request (one script
prefix), and nothing a template calls changes the active language for what follows. Code that
works in another language does it inside `translation.override` and either asks Django's own
functions there (core.urls._reverse, articles.versions.Version.switch_label) or renders a
template of its own, which reads its own (public.most_read, public.previews).
`editions.config.current()`, which Django's URL resolver asks inside such an override, always
asks Django.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.urls import get_script_prefix
from django.utils import translation

from editions import config as editions

# (language, script prefix) of the render under way; None outside one.
_rendering: ContextVar[tuple[str | None, str] | None] = ContextVar(
    "newsroom_rendering", default=None
)


@contextmanager
def rendering() -> Iterator[None]:
    """Keep the active language and the script prefix as they are now until the block ends."""
    token = _rendering.set((translation.get_language(), get_script_prefix()))
    try:
        yield
    finally:
        _rendering.reset(token)


def language() -> str | None:
    """The active language (translation.get_language()): the render's, if one is under way."""
    found = _rendering.get()
    return translation.get_language() if found is None else found[0]


def language_and_prefix() -> tuple[str | None, str]:
    """The active language and the script prefix: the render's, if one is under way."""
    found = _rendering.get()
    return (translation.get_language(), get_script_prefix()) if found is None else found


def edition() -> editions.Edition:
    """The edition being served (`editions.config.current()`), from the language a render read
    once while one is under way: for what templates ask many times a page (a section's name in
    the edition, the page's metadata). Django's URL resolver asks `current()`, inside
    translation.override too."""
    return editions.find(language()) or editions.default()
