"""Story cards as the public pages read them: plain objects made from one row each.

A card shows a story's headline, lead, dateline, time, section, picture and reporters, and links
to the story. Lists, the home page and the article page's related blocks show dozens of them;
reading them as model instances (an Article, a Section and an Image per card, a Byline and a
Writer per credit) cost three to four times what reading the same columns as rows does
(docs/performance.md, "Story cards"). Cards keep the model's names (`pk`, `headline`,
`section.name`, `get_absolute_url()`...), so templates and page metadata read a card as they
read an Article. A card and its section also carry their address as `url`, worked out once when
the card is made: the `cards()` macro reads that attribute rather than calling
`get_absolute_url()` through Jinja2's call protocol twice a card (docs/performance.md, "The
reader app, before and after"). The hero picture is an images.models.ImageRow, which knows its
renditions as an Image does.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import ExpressionWrapper, F, OuterRef, QuerySet, Subquery, TextField

from articles.models import Article, Byline, article_url
from core import rendering
from core.db.json import json_datetime, json_lists, json_rows
from core.prepared import ParamList, PreparedQuery
from core.urls import Addresses, reverse
from editions import config as editions
from images.models import ImageRow
from sections.models import Section, name_in

# The story's own columns, in the order of Card's first fields (up to `publish_at`):
# Card.from_row hands them on by position. To show another column of the story on a card, add
# it at the end here and a field after `publish_at` in Card (then print it in
# public/jinja2/includes/cards.html).
STORY_COLUMNS = (
    "pk",
    "headline",
    "slug",
    "lead",
    "dateline",
    "publish_at",
)
# The section's names in the other editions (Section.names) as the JSON text stored
# (`section_names()`): decoded by CardMaker once a page for each section, rather than by
# JSONField's converter once a card.
SECTION_NAMES = "card_section_names"
COLUMNS = (
    *STORY_COLUMNS,
    "section_id",
    "section__name",
    "section__slug",
    SECTION_NAMES,
    *(f"hero_image__{name}" for name in ImageRow.FIELDS),
)
_SECTION_START = len(STORY_COLUMNS)
_PK, _SLUG = STORY_COLUMNS.index("pk"), STORY_COLUMNS.index("slug")
_IMAGE_START = COLUMNS.index("hero_image__id")
# After COLUMNS, a card row ends with its story's bylines as a JSON array (`card_credits()`).
_CREDITS = len(COLUMNS)
WIDTH = len(COLUMNS) + 1  # the values of one card row


@dataclass(slots=True, eq=False)
class CardSection:
    pk: int
    name: str
    slug: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def local_name(self) -> str:
        """As Section.local_name: the card's `name` is already the page's edition's."""
        return self.name


@dataclass(slots=True, eq=False)
class CardWriter:
    pk: int
    name: str
    slug: str
    job_title: str

    def get_absolute_url(self) -> str:
        return reverse("writers:detail", slug=self.slug)


@dataclass(slots=True, eq=False)
class Credit:
    """A byline as pages show it: what Byline has, with a CardWriter."""

    role: str
    writer: CardWriter

    @property
    def writer_id(self) -> int:
        return self.writer.pk


@dataclass(slots=True, eq=False)
class Card:
    pk: int
    headline: str
    slug: str
    lead: str
    dateline: str
    publish_at: datetime
    section_id: int
    section: CardSection
    hero_image: ImageRow | None
    url: str
    byline_list: list[Credit] = field(default_factory=list)
    # The story's bylines as read with the card (JSON text, `card_credits()`), until
    # attach_credits turns them into byline_list.
    credits_json: str | None = None

    @classmethod
    def from_row(cls, row: tuple) -> Card:
        """The card of a row of COLUMNS, or of COLUMNS and its bylines (`rows()`). For a page's
        many cards, `CardMaker` (or `from_rows()`)."""
        return CardMaker()(row)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple]) -> list[Card]:
        """The cards of rows of one page (KeysetList's `make`)."""
        make = CardMaker()
        return [make(row) for row in rows]

    @property
    def reporters(self) -> list[CardWriter]:
        return [c.writer for c in self.byline_list if c.role == Byline.Role.REPORTER]

    def get_absolute_url(self) -> str:
        return self.url

    def __eq__(self, other: object) -> bool:
        """A card equals the story it shows (and another card of it)."""
        return isinstance(other, Card | Article) and other.pk == self.pk

    def __hash__(self) -> int:
        return hash(self.pk)


class CardMaker:
    """Makes the cards of one page from their rows: what every card's address and section name
    depend on (the script prefix, the edition being served, each a context-local lookup of a
    couple of microseconds) is read once, when it is made, rather than four times a card (a
    home page makes a hundred cards)."""

    __slots__ = ("edition", "urls", "names")

    def __init__(self) -> None:
        self.urls = Addresses()
        self.edition = editions.current().code
        # (name, names as JSON text) -> the section's name in the page's edition
        self.names: dict[tuple[str, str | None], str] = {}

    def __call__(self, row: tuple) -> Card:
        """The card of a row of COLUMNS, or of COLUMNS and its bylines (`rows()`)."""
        section_id, name, slug, names = row[_SECTION_START:_IMAGE_START]
        picture = row[_IMAGE_START:_CREDITS]
        image = ImageRow(*picture) if picture[0] else None
        local = self.names.get((name, names))
        if local is None:  # the section's name in the page's edition (Section.names)
            others = json.loads(names) if names else None
            local = self.names[(name, names)] = name_in(name, others, self.edition)
        name = local
        address = self.urls.reverse("sections:detail", slug=slug)
        section = CardSection(section_id, name, slug, address)
        url = article_url(slug, row[_SLUG], row[_PK], urls=self.urls)
        # The story's columns by position (STORY_COLUMNS), which mypy cannot count.
        card = Card(*row[:_SECTION_START], section_id, section, image, url)  # type: ignore[call-arg]
        if len(row) > _CREDITS:
            card.credits_json = row[_CREDITS]
        return card


def section_links(sections: Iterable[Section]) -> list[CardSection]:
    """Sections as a page links them (the navigation, the home page's blocks): each name in the
    edition being served and each address, with the edition and the script prefix read once
    for all of them, as CardMaker does for cards. In the template a section's
    `get_absolute_url()` and `local_name` cost those lookups and a call through Jinja2's call
    protocol each, for each of a dozen sections on every page."""
    urls = Addresses()
    edition = rendering.edition().code
    return [
        CardSection(
            section.pk,
            section.name_in(edition),
            section.slug,
            urls.reverse("sections:detail", slug=section.slug),
        )
        for section in sections
    ]


def card_credits(story: str = "pk") -> Subquery:
    """The bylines of the story whose id is the outer query's `story` column, with their
    writers, as a JSON array (core.db.json): a card's credits read with the card itself, so a
    page needs no query of its own for them."""
    return json_rows(Byline.objects.filter(article_id=OuterRef(story)), *BYLINE_FIELDS)


def section_names(section: str = "section") -> ExpressionWrapper:
    """The `section`'s names in the other editions (Section.names) as the JSON text stored,
    for annotate() as SECTION_NAMES: a plain text column, which Django hands over as it is."""
    return ExpressionWrapper(F(f"{section}__names"), output_field=TextField())


def rows(queryset: QuerySet, *extra: str) -> QuerySet:
    """A queryset of stories as card rows with their bylines (for a PreparedQuery;
    Card.from_row reads them), then the `extra` fields, if any."""
    return queryset.annotate(
        card_credits=card_credits(), **{SECTION_NAMES: section_names()}
    ).values_list(*COLUMNS, "card_credits", *extra)


CREDITS = PreparedQuery(
    lambda: (
        Byline.objects.filter(article_id__in=ParamList("stories"))
        .order_by("position", "pk")
        .values_list(
            "article_id", "role", "writer_id", "writer__name", "writer__slug", "writer__job_title"
        )
    )
)


def attach_credits(stories: Iterable[Card | Article | None]) -> None:
    """Give every card (or story) its bylines in byline order: the cards read with their
    bylines (`rows()`) from those, parsed together; the others in one query for all of them
    (none when there are none)."""
    pending: list[Card | Article] = []
    carried: list[Card] = []
    texts: list[str] = []
    for story in stories:
        if isinstance(story, Card) and story.credits_json is not None:
            carried.append(story)
            texts.append(story.credits_json)
        elif story is not None:
            pending.append(story)
    for card, value in zip(carried, json_lists(texts), strict=True):
        card.byline_list = bylines_of(value)
        card.credits_json = None
    if not pending:
        return
    by_story: dict[int, list[Credit]] = defaultdict(list)
    for story_id, role, writer_id, name, slug, job_title in CREDITS.run(
        stories={story.pk for story in pending}
    ):
        by_story[story_id].append(Credit(role, CardWriter(writer_id, name, slug, job_title)))
    for story in pending:
        story.byline_list = by_story[story.pk]


# --- The article page's own lists, read with the story as JSON arrays (core.db.json) ----------

# One byline: its order (position, pk), then what a Credit holds.
BYLINE_FIELDS = ("position", "pk", "role", "writer_id", "writer__name", "writer__slug",
                 "writer__job_title")  # fmt: skip
TAG_FIELDS = ("tag__name", "tag_id", "tag__slug")
CORRECTION_FIELDS = ("published_at", "pk", "text")


@dataclass(slots=True, eq=False)
class CardTag:
    """A tag as the article page shows it: what Tag has there."""

    pk: int
    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return reverse("tags:detail", slug=self.slug)


@dataclass(slots=True, eq=False)
class CardCorrection:
    """A correction as the article page shows it."""

    published_at: datetime
    text: str


def bylines_of(value: list) -> list[Credit]:
    """The credits of a story in byline order, from its BYLINE_FIELDS array."""
    return [
        Credit(role, CardWriter(writer_id, name, slug, job_title))
        for _, _, role, writer_id, name, slug, job_title in sorted(value)
    ]


def tags_of(value: list) -> list[CardTag]:
    """A story's tags by name (Tag's ordering), from its TAG_FIELDS array."""
    return [CardTag(pk, name, slug) for name, pk, slug in sorted(value)]


def corrections_of(value: list) -> list[CardCorrection]:
    """A story's corrections, oldest first (Correction's ordering), from its
    CORRECTION_FIELDS array."""
    moments = [(json_datetime(at), pk, text) for at, pk, text in value]
    return [CardCorrection(at, text) for at, _, text in sorted(moments)]
