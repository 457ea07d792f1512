"""Read-side compositions of live stories for the public pages.

Each function starts from Article.objects.live(), so nothing here can show a story readers may
not see. Story cards need their writers; callers gather every card of a page and prefetch the
writers once with `prefetch_cards`, which keeps a page's query count flat however many blocks
and stories it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection
from django.db.models import (
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)

from articles.models import Article, RelatedArticle, TaggedArticle
from articles.querysets import card_bylines
from sections.models import Section


def any_of(id_queries: list[QuerySet]) -> Q:
    """Stories whose id one of the (small, sliced) id subqueries returns, in a form each
    database runs from those ids rather than by scanning the archive: one `IN (... UNION ALL
    ...)` on PostgreSQL (which it turns into a join), `IN ... OR IN ...` on SQLite (which
    cannot slice inside UNION and runs the OR as a multi-index lookup)."""
    first, *rest = id_queries
    if rest and connection.features.supports_slicing_ordering_in_compound:
        return Q(pk__in=first.union(*rest, all=True))
    return reduce(or_, (Q(pk__in=query) for query in id_queries))


def prefetch_cards(articles: Iterable[Article]) -> None:
    """Load the writers of every card in one query."""
    prefetch_related_objects([a for a in articles if a is not None], card_bylines())


# How many of the newest stories of each of a story's tags are candidates for its related
# news. Bounds the work on a busy tag (thousands of stories) to a few index seeks.
RELATED_CANDIDATES_PER_TAG = 50


def related_stories(article: Article, *, limit: int | None = None) -> list[Article]:
    """Related news: the editor's picks in their order, then stories sharing the most tags,
    most recent first. Never the story itself, never a story that is not live.

    One query: picks carry their position, tag matches their count of shared tags, and the
    ordering puts picks first. Uses the article's prefetched tags. Tag matches are looked for
    among the newest RELATED_CANDIDATES_PER_TAG stories of each tag (newest by id), so the
    cost does not grow with the archive.
    """
    limit = limit or settings.NEWSROOM_RELATED_COUNT
    picks = RelatedArticle.objects.filter(article=article)
    tag_ids = [tag.pk for tag in article.tags.all()]
    candidates = Q(pk__in=picks.values("related_id"))
    shared_tags = Value(0)
    if tag_ids:
        tagged = TaggedArticle.objects.order_by("-content_object_id").values("content_object_id")
        candidates = any_of(
            [picks.values("related_id")]
            + [tagged.filter(tag_id=t)[:RELATED_CANDIDATES_PER_TAG] for t in tag_ids]
        )
        # Counted per candidate from the (story, tag) index: a GROUP BY over the joined rows
        # would sort every candidate's columns (5 ms of the page on SQLite).
        shared_tags = Subquery(
            TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
            .annotate(shared=Func(F("pk"), function="COUNT"))
            .values("shared")
        )
    # The candidates in a subquery of their own, so the database starts from them (a few
    # hundred ids) rather than from every live story.
    candidate_ids = Article.objects.filter(candidates).values("pk")
    return list(
        Article.objects.live()
        .filter(pk__in=candidate_ids)
        .exclude(pk=article.pk)
        .annotate(
            pick_position=Subquery(picks.filter(related=OuterRef("pk")).values("position")[:1]),
            shared_tags=shared_tags,
        )
        .cards()
        .order_by(F("pick_position").asc(nulls_last=True), "-shared_tags", "-publish_at", "-pk")[
            :limit
        ]
    )


def more_from_writer(article: Article, *, exclude: Sequence[Article] = ()) -> list[Article]:
    """The first credited writer's latest other live stories."""
    bylines = article.byline_list
    if not bylines:
        return []
    skip = [article.pk, *(story.pk for story in exclude)]
    return list(
        Article.objects.live()
        .by_writer(bylines[0].writer)
        .exclude(pk__in=skip)
        .cards()
        .newest_first()[: settings.NEWSROOM_MORE_FROM_WRITER_COUNT]
    )


@dataclass
class SectionBlock:
    section: Section
    stories: list[Article] = field(default_factory=list)


@dataclass
class FrontPage:
    lead: Article | None
    top: list[Article]
    sections: list[Section]
    blocks: list[SectionBlock]
    latest: list[Article]

    def cards(self) -> list[Article]:
        stories = [self.lead, *self.top, *self.latest]
        return stories + [story for block in self.blocks for story in block.stories]


def front_page(*, top_count: int = 4, per_section: int = 4, latest_count: int = 10) -> FrontPage:
    """The home page: the lead story, top stories, a block per section and the latest stories.

    The lead is the newest live story marked as lead (or simply the newest); top stories are
    the newest marked as top; "latest" repeats neither.
    """
    live = Article.objects.live()
    lead = _newest(live.filter(priority=Article.Priority.LEAD), 1) or _newest(live, 1)
    lead = lead[0] if lead else None
    top = _newest(
        live.filter(priority=Article.Priority.TOP).exclude(pk=getattr(lead, "pk", None)), top_count
    )
    shown = [story.pk for story in [lead, *top] if story is not None]
    latest = _newest(live.exclude(pk__in=shown), latest_count)
    sections = list(Section.objects.in_navigation())
    page = FrontPage(lead, top, sections, _section_blocks(sections, per_section), latest)
    prefetch_cards(page.cards())
    return page


def _newest(stories: QuerySet, count: int) -> list[Article]:
    """The newest `count` stories with their sections, in one query. The ids come from a
    subquery without the join, so the database walks the newest-first index and stops, rather
    than starting from the sections table and sorting the whole archive."""
    ids = stories.newest_first().values("pk")[:count]
    return list(Article.objects.filter(pk__in=ids).cards().newest_first())


def _section_blocks(sections: list[Section], per_section: int) -> list[SectionBlock]:
    """The newest stories of every section in one query.

    Each section's newest ids come from their own small subquery, which seeks its section's
    index (section, status, -publish_at) and stops after `per_section` rows; the outer query
    fetches those rows by primary key. A window over every live story would read the whole
    archive on every home page.
    """
    if not sections:
        return []
    live = Article.objects.live()
    newest = any_of(
        [live.filter(section=s).newest_first().values("pk")[:per_section] for s in sections]
    )
    stories = Article.objects.filter(newest).cards()
    blocks = {section.pk: SectionBlock(section) for section in sections}
    for story in sorted(stories, key=lambda s: (s.publish_at, s.pk), reverse=True):
        blocks[story.section_id].stories.append(story)
    return [block for block in blocks.values() if block.stories]
