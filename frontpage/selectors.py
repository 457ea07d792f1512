"""What the front page, the section fronts and every page's banner show at a moment.

Decided when the page is read, by the visibility rule: the pins of the layout in force
(`Layout.in_force`) whose story is live at that second, and the breaking mark in its window
whose story is live. A pin of a story that is not live is skipped, and its place goes to the
automatic choice of the same moment: never a hole, never a story readers may not see. A story
shows once: pinned stories are kept out of every automatic choice.

Two queries, each prepared (core.prepared) and run with the moment: the pins with their cards,
and the breaking marks in their window (shared by the banner and the lead slot of a request).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from articles.cards import COLUMNS, Card, attach_credits
from articles.models import Article
from articles.selectors import (
    LATEST,
    SECTION_BLOCKS,
    TOP,
    FrontPage,
    SectionBlock,
    _newest,
)
from core.prepared import Param, ParamList, PreparedQuery
from frontpage.models import Breaking, Layout, Pin
from sections.selectors import navigation

NOW = Param("now", DateTimeField())
SHOWN = ParamList("shown")
_CARD = len(COLUMNS)


def _story_columns() -> list[str]:
    return ["article__" + name for name in COLUMNS]


def _pins() -> QuerySet:
    layout = Layout.objects.filter(starts_at__lte=NOW).order_by("-starts_at", "-pk").values("pk")
    live = Article.objects.live(at=NOW).filter(pk=OuterRef("article_id"))
    return (
        Pin.objects.filter(layout_id__in=layout[:1])
        .filter(Exists(live))
        # A section block shows a pinned story while the story is in that section.
        .filter(Q(section__isnull=True) | Q(section_id=F("article__section_id")))
        .order_by("position", "pk")
        .values_list("slot", "section_id", *_story_columns())
    )


def _breaking() -> QuerySet:
    live = Article.objects.live(at=NOW).filter(pk=OuterRef("article_id"))
    return (
        Breaking.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=NOW), starts_at__lte=NOW)
        .annotate(live=Exists(live))
        .order_by("-starts_at", "-pk")
        .values_list("article_id", "live", *_story_columns())
    )


PINS = PreparedQuery(_pins)
BREAKING = PreparedQuery(_breaking)
# The automatic lead, keeping out stories shown elsewhere (pinned).
LEAD = PreparedQuery(
    lambda: _newest(
        Article.objects.live(at=NOW).filter(priority=Article.Priority.LEAD).exclude(pk__in=SHOWN),
        1,
    )
)
NEWEST = PreparedQuery(lambda: _newest(Article.objects.live(at=NOW).exclude(pk__in=SHOWN), 1))


@dataclass
class Pins:
    lead: Card | None = None
    top: list[Card] = field(default_factory=list)
    sections: dict[int, list[Card]] = field(default_factory=dict)

    def ids(self) -> list[int]:
        stories = [self.lead, *self.top, *(c for cards in self.sections.values() for c in cards)]
        return [story.pk for story in stories if story is not None]


def pins(at: datetime) -> Pins:
    """The live pinned stories of the layout in force at `at`, in the editor's order."""
    found = Pins()
    for row in PINS.run(now=at):
        slot, section_id, card = row[0], row[1], Card.from_row(row[2 : 2 + _CARD])
        if slot == Pin.Slot.LEAD and found.lead is None:
            found.lead = card
        elif slot == Pin.Slot.SECTION:
            found.sections.setdefault(section_id, []).append(card)
        else:  # top, or a second lead (the form allows one; the list shows it first in top)
            found.top.append(card)
    return found


@dataclass
class Banner:
    """The breaking story readers see (`story`, or None) and the ids of every story marked
    breaking at that moment, live or not (`marked`): a page depends on them all, so one that
    goes live or stops being live refreshes the page (pagecache keys `article:<id>`)."""

    story: Card | None
    marked: list[int]

    def keys(self) -> list[str]:
        return [f"article:{pk}" for pk in self.marked]


def banner(at: datetime | None = None) -> Banner:
    """The newest breaking mark in its window whose story is live at `at`."""
    rows = BREAKING.run(now=at or timezone.now())
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


def front_page(
    *,
    at: datetime | None = None,
    request: HttpRequest | None = None,
    top_count: int = 4,
    per_section: int = 4,
    latest_count: int = 10,
) -> FrontPage:
    """The home page at `at` (default now): the lead, top stories, a block per section and the
    latest stories, with the editors' arrangement.

    The lead is the breaking story, else the pinned lead, else the newest live story marked as
    lead (or simply the newest). Top stories are the pinned ones in the editor's order, then the
    newest marked as top. A section block shows its pinned stories first, then its newest.
    A pinned story shows once; with nothing pinned or breaking the page is the automatic one.
    """
    now = at or timezone.now()
    pinned = pins(now)
    breaking = request_banner(request).story if at is None else banner(now).story
    if breaking is not None:
        # The breaking story leads; the pinned lead it displaces heads the top stories.
        pinned.top = [story for story in [pinned.lead, *pinned.top] if story and story != breaking]
        pinned.lead = breaking
        pinned.sections = {
            pk: [story for story in cards if story != breaking]
            for pk, cards in pinned.sections.items()
        }
    kept_out = pinned.ids()  # shown where the editors put them, so nowhere else
    lead = pinned.lead
    if lead is None:
        found = _cards(LEAD, now=now, shown=kept_out) or _cards(NEWEST, now=now, shown=kept_out)
        lead = found[0] if found else None
    shown = [*kept_out, *([lead.pk] if lead and lead.pk not in kept_out else [])]
    top = list(pinned.top)
    if len(top) < top_count:
        top += _cards(TOP, top_count - len(top), now=now, shown=shown)
    shown += [story.pk for story in top if story.pk not in shown]
    latest = _cards(LATEST, latest_count, now=now, shown=shown)
    sections = navigation()
    blocks = _section_blocks(sections, per_section, now, pinned, set(kept_out))
    page = FrontPage(lead, top, sections, blocks, latest)
    attach_credits(page.cards())
    return page


def _cards(query: PreparedQuery, *shape, **values) -> list[Card]:
    return [Card.from_row(row) for row in query.run(*shape, **values)]


def _section_blocks(sections, per_section: int, now, pinned: Pins, kept_out: set[int]) -> list:
    """Each section's pinned stories, then its newest, `per_section` in all. As today for the
    automatic part: a block may repeat an automatic lead or top story, never a pinned one."""
    if not sections:
        return []
    ids = {f"section_{i}": section.pk for i, section in enumerate(sections)}
    # Enough of each section's newest stories to fill its block once pinned ones are kept out.
    count = per_section + len(kept_out)
    stories = _cards(SECTION_BLOCKS, len(sections), count, now=now, **ids)
    blocks = {
        section.pk: SectionBlock(section, pinned.sections.get(section.pk, [])[:per_section])
        for section in sections
    }
    for story in sorted(stories, key=lambda s: (s.publish_at, s.pk), reverse=True):
        block = blocks[story.section_id]
        if story.pk not in kept_out and len(block.stories) < per_section:
            block.stories.append(story)
    return [block for block in blocks.values() if block.stories]
