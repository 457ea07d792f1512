"""The most-read list on the home and article pages: the most-read live stories of the last 24
hours (mostread.ranking), as a part of the page (pagecache.fragments) that is spliced into every
answer, so the list changes every minute while the page stays cached.

Each process keeps the list's markup and makes it again when it may have changed:

- the tally it was made from is older than NEWSROOM_MOST_READ_REFRESH_SECONDS (a new tally is
  then read from the shared cache, and added up by one process a minute: mostread.ranking);
- anything was written since (the write generation, pagecache.versions, which a hit reads
  anyway): a story in the list may have been withdrawn or changed its headline;
- a story in the list reaches its expiry.

So a story that stops being live leaves the list at that second, as it leaves every page. Making
the list is one query (the live stories among the tally's, with their sections) and none when
nothing was read; a page answered while the list holds runs none and asks the cache nothing more.

Each edition has its list (a part of its own, `most-read-<code>`): the most-read stories of the
edition, from the one tally of the whole site, its section names in the edition's language.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from django.conf import settings
from django.template.loader import get_template
from django.utils import translation

from articles.models import Article, article_url
from editions import config as editions
from mostread import ranking
from pagecache.fragments import Part, marker, register
from sections.models import name_in

NAME = "most-read"


def name(edition: str) -> str:
    """The page part of an edition's list (pagecache.fragments)."""
    return f"{NAME}-{edition}"


def register_parts() -> None:
    """One part per edition (PublicConfig.ready)."""
    for edition in editions.all_editions():
        register(name(edition.code), partial(part, edition=edition.code))


def marker_for(edition: str) -> str:
    """Where a page of `edition` shows its list."""
    return marker(name(edition))


@dataclass(frozen=True, slots=True)
class Story:
    url: str
    headline: str
    section: str


@dataclass(frozen=True, slots=True)
class _List:
    part: Part
    valid_until: float
    # The write generation it was made at; None when it shows no story (no write changes it).
    generation: int | None


# Each edition's list, by edition code.
_held: dict[str, _List] = {}


def part(generation: int | None, now: float, *, edition: str) -> Part:
    """`edition`'s list as it is now (the page-cache part provider, registered in
    PublicConfig.ready)."""
    held = _held.get(edition)
    if (
        held is not None
        and now < held.valid_until
        and (held.generation is None or held.generation == generation)
    ):
        return held.part
    _held[edition] = held = _make(generation, now, edition)
    return held.part


def forget() -> None:
    """Drop the lists this process holds (tests)."""
    _held.clear()


def _make(generation: int | None, now: float, edition: str) -> _List:
    refresh = settings.NEWSROOM_MOST_READ_REFRESH_SECONDS
    made_at, tally = ranking.tally(now)
    # A tally past its time is being added up again by another process: ask again in a second.
    valid_until = max(made_at + refresh, now + 1)
    # In the edition's language: it may be made while another edition's page is answered.
    with translation.override(edition):
        stories, first_expiry = _live_stories([pk for pk, _reads in tally], now, edition)
        template = get_template("includes/most_read.html", using="jinja2")
        html = template.render({"stories": stories})
    if first_expiry is not None:
        valid_until = min(valid_until, first_expiry)
    body = html.encode()
    tag = hashlib.md5(body, usedforsecurity=False).hexdigest()[:8]
    return _List(Part(body, tag), valid_until, generation if stories else None)


def _live_stories(ids: list[int], now: float, edition: str) -> tuple[list[Story], float | None]:
    """The live stories of `edition` among `ids`, in that order, as many as the list shows;
    and the first expiry among them (a timestamp)."""
    if not ids:
        return [], None
    at = datetime.fromtimestamp(now, UTC)
    rows = (
        Article.objects.live(at=at)
        .filter(pk__in=ids, edition=edition)
        .values_list(
            "pk",
            "headline",
            "slug",
            "section__slug",
            "section__name",
            "section__names",
            "expire_at",
        )
    )
    by_id = {row[0]: row for row in rows}
    shown = [by_id[pk] for pk in ids if pk in by_id][: settings.NEWSROOM_MOST_READ_COUNT]
    stories = [
        Story(
            article_url(section_slug, slug, pk, edition),
            headline,
            name_in(section_name, section_names, edition),
        )
        for pk, headline, slug, section_slug, section_name, section_names, _expiry in shown
    ]
    expiries = [expiry.timestamp() for *_rest, expiry in shown if expiry is not None]
    return stories, min(expiries, default=None)
