"""The pages the benchmark measures: a plain table of names and addresses.

Pages of parts that are not merged yet (search, feeds) are measured when their URL names
resolve and skipped with a note otherwise; add candidates to OPTIONAL as they appear.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from articles.models import Article
from bench.frontpage import pin_every_slot
from bench.live import live_story
from core.pagination import Cursor
from sections.models import Section
from tags.models import Tag
from writers.models import Writer

DEEP_PAGE = 500

# (page name, URL names to try in order, query string)
OPTIONAL = [
    ("search", ["search:search", "search"], "?q=minister"),  # "minister" is a seed word
    ("feed", ["feeds:site-rss", "site-rss"], ""),
]


@dataclass
class Page:
    name: str
    url: str


def pages() -> tuple[list[Page], list[str]]:
    """The measured pages, and notes about skipped ones."""
    notes: list[str] = []
    live = Article.objects.live()
    story = live.filter(related_links__isnull=False).newest_first().first() or live.first()
    section = Section.objects.get(slug="news")
    tag = Tag.objects.get(slug="topic-1")  # the busiest tag
    writer = Writer.objects.get(slug="writer-1")  # the busiest writer
    pin_every_slot()  # the home page as an editor arranges it on a news day (docs/frontpage.md)
    found = [
        Page("home, every slot pinned", "/"),
        Page("article", story.get_absolute_url()),
        Page("section", section.get_absolute_url()),
        _deep("section", section.get_absolute_url(), live.filter(section=section), notes),
        Page("tag", tag.get_absolute_url()),
        _deep("tag", tag.get_absolute_url(), live.tagged(tag), notes),
        Page("writer", writer.get_absolute_url()),
        _deep("writer", writer.get_absolute_url(), live.by_writer(writer), notes),
        # Live coverage (docs/live.md): the newest page of 200 entries, and the polling endpoint.
        Page("live, 200 entries", (covered := live_story(exclude=story.pk)).get_absolute_url()),
        Page("live endpoint", covered.get_absolute_url() + "entries/"),
    ]
    for name, url_names, query in OPTIONAL:
        url = _first_resolving(url_names)
        if url is None:
            notes.append(f"{name}: skipped, none of the URL names {url_names} resolves")
        else:
            found.append(Page(name, url + query))
    return [page for page in found if page is not None], notes


def _deep(name: str, base: str, stories, notes: list[str]) -> Page | None:
    """The list's page 500 (or its last full page when shorter), by its keyset cursor."""
    size = settings.NEWSROOM_PAGE_SIZE
    count = stories.count()  # once, while setting up; never on a page
    page = min(DEEP_PAGE, count // size)
    if page < 2:
        notes.append(f"{name}, deep page: skipped, only {count} stories")
        return None
    previous = stories.newest_first()[(page - 1) * size - 1]
    return Page(f"{name}, page {page}", f"{base}?before={Cursor.of(previous)}")


def _first_resolving(names: list[str]) -> str | None:
    for url_name in names:
        try:
            return reverse(url_name)
        except NoReverseMatch:
            continue
    return None
