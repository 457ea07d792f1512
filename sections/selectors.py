"""The sections readers see in the navigation, read with a prepared query (core.prepared)."""

from __future__ import annotations

from core.prepared import PreparedQuery
from sections.models import Section

IN_NAVIGATION = PreparedQuery(lambda: Section.objects.in_navigation())


def navigation() -> list[Section]:
    """The sections in the navigation and on the home page, in their order."""
    return IN_NAVIGATION.run()
