"""The reader's addresses in every edition: `edition_patterns(...)` puts them under the current
edition's prefix ("/vi/world/"), or at the root for the default edition and an edition served
at a host of its own. Like Django's i18n_patterns, the prefix is the active language's, so
`reverse()` gives the current edition's address and core.urls.reverse_in() another's."""

from __future__ import annotations

from django.urls import URLResolver
from django.urls.resolvers import LocalePrefixPattern

from editions import config


class EditionPrefixPattern(LocalePrefixPattern):
    def __init__(self) -> None:
        super().__init__(prefix_default_language=False)

    @property
    def language_prefix(self) -> str:
        edition = config.current()
        return edition.path_prefix.lstrip("/")


def edition_patterns(*urls) -> list[URLResolver]:
    return [URLResolver(EditionPrefixPattern(), list(urls))]
