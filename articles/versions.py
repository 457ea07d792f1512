"""A story's other versions as readers and the API see them: the same story in the other
editions (its original, the original's other translations, or its own translations), each
live (ArticleQuerySet.versions_of says which stories are versions of which).

The article page reads them in the story's own query (public.selectors, `_story_page`) and the
ninjs API in each item's row (ninjs.selectors): `live_versions_json()`, a JSON array of the
live versions' columns (core.db.json), and `versions_change_at()`, the next second one of them
goes live or leaves, which bounds a cached page (pagecache.views.changes_at). A preview reads
them with one query of its own (`live_versions()`). Each becomes a `Version`, which knows its
address, its language and the words of the language switch, written in the version's own
language ("Đọc bằng tiếng Việt" on the English page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Case,
    DateTimeField,
    Expression,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    When,
)
from django.utils import translation
from django.utils.translation import pgettext

from articles.models import Article, article_url
from articles.querysets import ArticleQuerySet
from core.db.json import json_lists, json_rows
from editions import config as editions

# The switch's words for the English edition, which the other languages' catalogues say in
# their own words (Version.switch_label).
ENGLISH_LABEL = "Read in English"

# The columns of a version, in the order of Version's fields (up to `translation_of_id`).
FIELDS = ("pk", "edition", "slug", "section__slug", "headline", "translation_of_id")


@dataclass(frozen=True, slots=True)
class Version:
    pk: int
    edition: str  # its edition's code, which is its language
    slug: str
    section_slug: str
    headline: str
    translation_of_id: int | None

    @property
    def language(self) -> str:
        return self.edition

    @property
    def url(self) -> str:
        """Its address (a path, in its own edition)."""
        return article_url(self.section_slug, self.slug, self.pk, self.edition)

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def switch_label(self) -> str:
        """The language switch's words, in the version's language: "Read in English",
        "Đọc bằng tiếng Việt"; an edition whose language has no catalogue entry for them gets
        its name in itself ("Français"), never the English words."""
        with translation.override(self.edition):
            # Translators: the link to the same story in this catalogue's language, written in
            # that language and naming it (Vietnamese: "Đọc bằng tiếng Việt"), not a translation
            # of the English words.
            label = pgettext("language switch", "Read in English")  # a literal: makemessages
        if label == ENGLISH_LABEL and not self.edition.startswith("en"):
            edition = editions.find(self.edition)
            return edition.name if edition else self.edition
        return label

    def translates(self, article: Article | Version) -> bool:
        """Whether this version is a translation of `article`."""
        return self.translation_of_id == article.pk


def _outer_versions() -> ArticleQuerySet:
    """The versions of the story of the query this is a subquery of."""
    return Article.objects.versions_of(
        OuterRef("pk"), OuterRef("translation_of_id"), OuterRef("edition")
    )


def live_versions_json(at: datetime | Expression) -> Subquery:
    """For annotate() on a story query: its versions live at `at` as a JSON array of FIELDS."""
    return json_rows(_outer_versions().live(at=at), *FIELDS)


def versions_change_at(at: Expression) -> Subquery:
    """For annotate() on a story query: the next moment after `at` one of its versions goes
    live (a scheduled one's publish_at) or leaves (a live one's expire_at), or None. The page
    that links to them is not kept past it (pagecache.views.changes_at)."""
    story = _outer_versions()
    changing = story.scheduled(at=at) | story.live(at=at).filter(expire_at__gt=at)
    moment = Case(When(publish_at__gt=at, then=F("publish_at")), default=F("expire_at"))
    return Subquery(
        changing.order_by().annotate(moment=moment).order_by("moment").values("moment")[:1],
        output_field=DateTimeField(),
    )


def versions_from(text: str) -> list[Version]:
    """The versions of a json_rows value (live_versions_json), in the editions' order; a
    version in an edition the site no longer has is left out (it has no address)."""
    (found,) = json_lists([text])
    return ordered(Version(*row) for row in found)


def ordered(versions) -> list[Version]:
    order = {edition.code: i for i, edition in enumerate(editions.all_editions())}
    return sorted((v for v in versions if v.edition in order), key=lambda v: order[v.edition])


def live_versions(article: Article) -> list[Version]:
    """A story's live versions, read with one query (a preview's story was read without them)."""
    if article.pk is None:
        return []
    stories: QuerySet = Article.objects.versions_of(
        article.pk, article.translation_of_id, article.edition
    ).live()
    return ordered(Version(*row) for row in stories.values_list(*FIELDS))
