"""What the editors put on the front page at a moment: the pins and the breaking story.

Decided when the page is read, by the visibility rule: the pins of the layout in force
(`Layout.in_force`) whose story is live at that second, and the breaking mark in its window
whose story is live. A pin of a story that is not live is left out here, so its place goes to
the automatic choice of the same moment (public.selectors.front_page applies the slot rules):
never a hole, never a story readers may not see.

Two queries, each prepared (core.prepared) and run with the moment: the pins with their cards,
and the breaking marks in their window (shared by the banner and the lead slot of a request).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import CharField, DateTimeField, Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from articles.models import Article
from core.prepared import Param, PreparedQuery
from editions import config as editions
from frontpage.models import Breaking, Layout, Pin
from public.cards import (
    COLUMNS,
    SECTION_NAMES,
    WIDTH,
    Card,
    CardMaker,
    card_credits,
    section_names,
)

NOW = Param("now", DateTimeField())
EDITION = Param("edition", CharField())
_CARD = WIDTH  # a card row: its columns, then its bylines


def _story_columns() -> list[str]:
    """A card's COLUMNS through the pin's (or mark's) story; SECTION_NAMES is annotated."""
    return [name if name == SECTION_NAMES else "article__" + name for name in COLUMNS]


def _pins(one_section: bool = False) -> QuerySet:
    """The pins of the layout in force (`one_section`: those of one section's block only, for
    that section's page, rather than every block's)."""
    layout = (
        Layout.objects.filter(edition=EDITION, starts_at__lte=NOW)
        .order_by("-starts_at", "-pk")
        .values("pk")
    )
    live = Article.objects.live(at=NOW).filter(pk=OuterRef("article_id"))
    pinned = Pin.objects.filter(layout_id__in=layout[:1])
    if one_section:
        pinned = pinned.filter(slot=Pin.Slot.SECTION, section_id=Param("section"))
    return (
        pinned.filter(Exists(live))
        # A section block shows a pinned story while the story is in that section.
        .filter(Q(section__isnull=True) | Q(section_id=F("article__section_id")))
        .order_by("position", "pk")
        .annotate(
            card_credits=card_credits("article_id"),
            **{SECTION_NAMES: section_names("article__section")},
        )
        .values_list("slot", "section_id", *_story_columns(), "card_credits")
    )


def _breaking() -> QuerySet:
    live = Article.objects.live(at=NOW).filter(pk=OuterRef("article_id"))
    return (
        Breaking.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=NOW), starts_at__lte=NOW)
        # A breaking banner shows on its story's edition's pages only: checked per mark (a
        # correlated lookup by id), so the database starts from the few marks in their window;
        # compared through the join, SQLite started from the edition's stories (10,000 rows,
        # about 40 ms on every uncached page).
        .filter(Exists(Article.objects.filter(pk=OuterRef("article_id"), edition=EDITION)))
        .annotate(
            live=Exists(live),
            card_credits=card_credits("article_id"),
            **{SECTION_NAMES: section_names("article__section")},
        )
        .order_by("-starts_at", "-pk")
        .values_list("article_id", "live", *_story_columns(), "card_credits")
    )


PINS = PreparedQuery(_pins)
BREAKING = PreparedQuery(_breaking)


@dataclass
class Pins:
    lead: Card | None = None
    top: list[Card] = field(default_factory=list)
    sections: dict[int, list[Card]] = field(default_factory=dict)

    def ids(self) -> list[int]:
        stories = [self.lead, *self.top, *(c for cards in self.sections.values() for c in cards)]
        return [story.pk for story in stories if story is not None]


def pins(at: datetime, edition: str | None = None) -> Pins:
    """The live pinned stories of `edition`'s layout in force at `at` (default: the edition
    being served), in the editor's order."""
    found, make = Pins(), CardMaker()
    for row in PINS.run(now=at, edition=edition or editions.current().code):
        slot, section_id, card = row[0], row[1], make(row[2 : 2 + _CARD])
        if slot == Pin.Slot.LEAD and found.lead is None:
            found.lead = card
        elif slot == Pin.Slot.SECTION:
            found.sections.setdefault(section_id, []).append(card)
        else:  # top, or a second lead (the form allows one; the list shows it first in top)
            found.top.append(card)
    return found


def section_pins(at: datetime, section: int, edition: str | None = None) -> list[Card]:
    """The live stories pinned in one section's block of `edition`'s layout in force at `at`
    (default: the edition being served), in the editor's order: what `pins()` gives for the
    section, read without the other blocks' cards."""
    make = CardMaker()
    rows = PINS.run(True, now=at, edition=edition or editions.current().code, section=section)
    return [make(row[2 : 2 + _CARD]) for row in rows]


@dataclass
class Banner:
    """The breaking story readers see (`story`, or None) and the ids of every story marked
    breaking at that moment, live or not (`marked`): a page depends on them all, so one that
    goes live or stops being live refreshes the page (pagecache keys `article:<id>`)."""

    story: Card | None
    marked: list[int]

    def keys(self) -> list[str]:
        return [f"article:{pk}" for pk in self.marked]


def banner(at: datetime | None = None, *, edition: str | None = None) -> Banner:
    """The newest breaking mark in its window whose story is of `edition` (default: the
    edition being served) and live at `at`."""
    rows = BREAKING.run(now=at or timezone.now(), edition=edition or editions.current().code)
    story = next((Card.from_row(row[2 : 2 + _CARD]) for row in rows if row[1]), None)
    return Banner(story, [row[0] for row in rows])


def request_banner(request: HttpRequest | None, at: datetime | None = None) -> Banner:
    """`banner()` once per request: the masthead and the home page's lead slot share it."""
    if request is None:
        return banner(at)
    found = getattr(request, "_frontpage_banner", None)
    if found is None:
        found = banner(at)
        setattr(request, "_frontpage_banner", found)  # noqa: B010 (HttpRequest has no such field)
    return found
