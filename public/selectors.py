"""What each public page shows, and what that depends on.

A page selector (`home_page()`, `article_page()`, `section_page()`...) reads everything its page
shows and returns it as a `Selection`: the template's context and the page-cache keys of what
was read (pagecache.versions). Views are a selector call and a render (public/views.py `show`),
so a page's keys are written once, beside the reading they describe, and a new page cannot
forget them: a `Selection` has no default keys.

Every story query starts from Article.objects.live(), so nothing here can show a story readers
may not see. Stories other than the page's own come as cards (public.cards: plain objects, one
row each); callers gather every card of a page and load the writers once with
`attach_credits`, which keeps a page's query count flat however many blocks and stories it
shows.

The hottest queries (card lists, related news, the story itself, the navigation) are
prepared (core.prepared): built with the ORM and compiled once per process, then run with the
current time and the page's ids (docs/performance.md, "Prepared queries"). Everything else
is plain ORM.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    CharField,
    DateTimeField,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import BaseExpression
from django.http import Http404, HttpRequest
from django.utils import timezone

from articles.body import Body, load_pictures, split
from articles.models import Article, Byline, Correction, RelatedArticle, TaggedArticle
from articles.querysets import CARD_JOINS, ArticleQuerySet, busy_marker
from articles.versions import (
    Version,
    live_versions,
    live_versions_json,
    ordered,
    versions_change_at,
)
from core.db.json import json_lists, json_rows
from core.pagination import KeysetList, KeysetPage
from core.prepared import Param, ParamList, PreparedQuery
from editions import config as editions
from mostread.clients import story_token
from public.cards import (
    BYLINE_FIELDS,
    CORRECTION_FIELDS,
    TAG_FIELDS,
    Card,
    CardMaker,
    attach_credits,
    bylines_of,
    corrections_of,
    rows,
    tags_of,
)
from public.frontpage import Pins, banner, pins, request_banner, section_pins
from public.live import LiveCoverage, coverage_of, live_coverage
from public.search import ArticleSearch
from sections.models import Section
from tags.models import Tag
from writers.models import Writer


@dataclass(frozen=True)
class Selection:
    """What a page shows (`context`, for its template) and the page-cache keys of all of it
    (`keys`, see pagecache.versions; "site" is added to every page by the cache itself).
    `fresh_within`: None when a publication must show on the page at once (its keys then name
    what a publication bumps: a section, tag or writer, `home`, `lists`); else the seconds a
    newly published story may take to appear in it (pagecache.views.fresh_within)."""

    context: dict[str, Any]
    keys: tuple[str, ...]
    fresh_within: int | None = None
    # The next moment the page changes by the clock alone, beyond the site's scheduled stories
    # (pagecache.views.changes_at): an article page's other version going live or leaving.
    changes_at: datetime | None = None


# The moment "live" is judged at: bound to the current time on every run.
NOW = Param("now", DateTimeField())
STORY = Param("story")
# The edition whose stories a list shows (editions.config): bound on every run, so a list
# cannot show another edition's stories.
EDITION = Param("edition", CharField())


def _live() -> ArticleQuerySet:
    """The live stories of the page's edition: every list and block starts here."""
    return Article.objects.live(at=NOW).filter(edition=EDITION)


def _edition() -> str:
    """The code of the edition being served (the request's, editions.middleware)."""
    return editions.current().code


def _cards(query: PreparedQuery, *shape, **values) -> list[Card]:
    return Card.from_rows(query.run(*shape, **values))


def any_of(id_queries: list[QuerySet]) -> Q:
    """Stories whose id one of the (small, sliced) id subqueries returns, in a form each
    database runs from those ids rather than by scanning the archive: one `IN (... UNION ALL
    ...)` on PostgreSQL (which it turns into a join), `IN ... OR IN ...` on SQLite (which
    cannot slice inside UNION and runs the OR as a multi-index lookup)."""
    first, *rest = id_queries
    if rest and connection.features.supports_slicing_ordering_in_compound:
        return Q(pk__in=first.union(*rest, all=True))
    return reduce(or_, (Q(pk__in=query) for query in id_queries))


# --- The article page -------------------------------------------------------------------------


def _story_page() -> QuerySet:
    """The story with its section and hero image, and its bylines, tags, corrections and live
    other versions (articles.versions) as JSON arrays (core.db.json): one round trip instead of
    five."""
    story = OuterRef("pk")
    # The story itself, in whichever edition it is (the view sends a reader who asked for it
    # under another edition's address to its own).
    return (
        Article.objects.live(at=NOW)
        .filter(pk=STORY)
        # The story's live coverage, if it is one, in the same row (live/).
        .select_related(*CARD_JOINS, "coverage")
        .annotate(
            bylines_json=json_rows(Byline.objects.filter(article_id=story), *BYLINE_FIELDS),
            tags_json=json_rows(TaggedArticle.objects.filter(content_object_id=story), *TAG_FIELDS),
            corrections_json=json_rows(
                Correction.objects.filter(article_id=story), *CORRECTION_FIELDS
            ),
            # Its other versions (other editions) live now, and when that changes next.
            versions_json=live_versions_json(NOW),
            versions_change_at=versions_change_at(NOW),
        )
    )


STORY_PAGE = PreparedQuery(_story_page)


def live_story(pk: int) -> Article:
    """A live story with its section, hero image, live coverage, writers, tags, corrections
    and live other versions (one query), or 404."""
    found = STORY_PAGE.run(story=pk, now=timezone.now())
    if not found:
        raise Http404("No such story.")
    story = found[0]
    bylines, tags, corrections, versions = json_lists(
        [story.bylines_json, story.tags_json, story.corrections_json, story.versions_json]
    )
    story.byline_list = bylines_of(bylines)
    story.tag_list = tags_of(tags)
    story.correction_list = corrections_of(corrections)
    story.version_list = ordered(Version(*row) for row in versions)
    return story


# How many of the newest stories of each of a story's tags are candidates for its related
# news. Bounds the work on a busy tag (thousands of stories) to a few index seeks.
RELATED_CANDIDATES_PER_TAG = 50


def _related(tag_count: int, limit: int) -> QuerySet:
    """Related news as one query: picks carry their position, tag matches their count of
    shared tags, and the ordering puts picks first. Tag matches are looked for among the
    newest RELATED_CANDIDATES_PER_TAG stories of each tag (newest by id), so the cost does
    not grow with the archive."""
    picks = RelatedArticle.objects.filter(article_id=STORY)
    candidates = Q(pk__in=picks.values("related_id"))
    shared_tags: BaseExpression = Value(0)
    if tag_count:
        tagged = TaggedArticle.objects.order_by("-content_object_id").values("content_object_id")
        tags = [Param(f"tag_{i}") for i in range(tag_count)]
        candidates = any_of(
            [picks.values("related_id")]
            + [tagged.filter(tag_id=t)[:RELATED_CANDIDATES_PER_TAG] for t in tags]
        )
        # Counted per candidate from the (tag, story) index: a GROUP BY over the joined rows
        # would sort every candidate's columns.
        shared_tags = Subquery(
            TaggedArticle.objects.filter(
                reduce(or_, (Q(tag_id=t) for t in tags)), content_object=OuterRef("pk")
            )
            .annotate(shared=Func(F("pk"), function="COUNT"))
            .values("shared")
        )
    rank = {
        "pick_position": Subquery(picks.filter(related=OuterRef("pk")).values("position")[:1]),
        "shared_tags": shared_tags,
    }
    order = (F("pick_position").asc(nulls_last=True), "-shared_tags", "-publish_at", "-pk")
    # The database starts from the candidates' ids (a few hundred), not from every live story;
    # they are ranked by id alone, and only the chosen few are read with their sections and
    # pictures.
    chosen = (
        _live()
        .filter(candidates)
        .exclude(pk=STORY)
        .annotate(**rank)
        .order_by(*order)
        .values("pk")[:limit]
    )
    return rows(Article.objects.filter(pk__in=chosen).annotate(**rank).order_by(*order))


RELATED = PreparedQuery(_related)


def related_stories(article: Article, *, limit: int | None = None) -> list[Card]:
    """Related news: the editor's picks in their order, then stories sharing the most tags,
    most recent first. Never the story itself, never a story that is not live."""
    tag_ids = [tag.pk for tag in article.tag_list]
    return _cards(
        RELATED,
        len(tag_ids),
        limit or settings.NEWSROOM_RELATED_COUNT,
        story=article.pk,
        now=timezone.now(),
        edition=article.edition,
        **{f"tag_{i}": tag_id for i, tag_id in enumerate(tag_ids)},
    )


def _more_from_writer(count: int) -> QuerySet:
    """The writer's newest live stories among their RELATED_CANDIDATES_PER_TAG most recent
    bylines (newest by story id): a few index entries, however many stories the writer has
    (a busy writer's whole byline list took 2-3 ms on SQLite at 10,000 stories)."""
    recent = (
        Byline.objects.filter(writer_id=Param("writer"))
        .order_by("-article_id")
        .values("article_id")[:RELATED_CANDIDATES_PER_TAG]
    )
    stories = _live().filter(pk__in=recent).exclude(pk__in=ParamList("skip"))
    return rows(stories.newest_first())[:count]


MORE_FROM_WRITER = PreparedQuery(_more_from_writer)


def more_from_writer(article: Article, *, exclude: Sequence[Card] = ()) -> list[Card]:
    """The first credited writer's latest other live stories."""
    bylines = article.byline_list
    if not bylines:
        return []
    return _cards(
        MORE_FROM_WRITER,
        settings.NEWSROOM_MORE_FROM_WRITER_COUNT,
        writer=bylines[0].writer_id,
        skip=[article.pk, *(story.pk for story in exclude)],
        now=timezone.now(),
        edition=article.edition,
    )


# --- Lists: a section's, a tag's, a writer's stories ------------------------------------------

SECTION_STORIES = KeysetList(
    lambda: _live().filter(section_id=Param("section")), rows, Card.from_rows
)
# A busy tag's or writer's list walks the newest-first index and checks each story's tagging or
# byline; a quiet one reads all its stories (at most BUSY_LIST) and sorts them.
TAG_STORIES = KeysetList(
    lambda busy: _live().tagged(Param("tag"), walk_index=busy), rows, Card.from_rows
)
WRITER_STORIES = KeysetList(
    lambda busy: _live().by_writer(Param("writer"), walk_index=busy), rows, Card.from_rows
)
TAG_IS_BUSY = PreparedQuery(lambda: busy_marker(TaggedArticle.objects.filter(tag_id=Param("tag"))))
WRITER_IS_BUSY = PreparedQuery(
    lambda: busy_marker(Byline.objects.filter(writer_id=Param("writer")))
)


def section_stories(request: HttpRequest, section: Section) -> KeysetPage:
    """The page of a section's live stories the query string names, with their writers."""
    size = settings.NEWSROOM_PAGE_SIZE
    page = SECTION_STORIES.page(
        request, size, section=section.pk, now=timezone.now(), edition=_edition()
    )
    attach_credits(page.object_list)
    return page


def tag_stories(request: HttpRequest, tag: Tag) -> KeysetPage:
    return _linked_stories(request, TAG_STORIES, TAG_IS_BUSY, tag=tag.pk)


def writer_stories(request: HttpRequest, writer: Writer) -> KeysetPage:
    return _linked_stories(request, WRITER_STORIES, WRITER_IS_BUSY, writer=writer.pk)


def _linked_stories(
    request: HttpRequest, stories: KeysetList, is_busy: PreparedQuery, **owner: int
) -> KeysetPage:
    """The page of a tag's or writer's live stories, read the busy or the quiet way."""
    busy = bool(is_busy.run(**owner))
    size = settings.NEWSROOM_PAGE_SIZE
    page = stories.page(request, size, busy, now=timezone.now(), edition=_edition(), **owner)
    attach_credits(page.object_list)
    return page


# --- The home page ----------------------------------------------------------------------------


@dataclass
class SectionBlock:
    section: Section
    stories: list[Card] = field(default_factory=list)


@dataclass
class FrontPage:
    lead: Card | None
    top: list[Card]
    sections: list[Section]
    blocks: list[SectionBlock]
    latest: list[Card]

    def cards(self) -> list[Card | None]:
        stories = [self.lead, *self.top, *self.latest]
        return stories + [story for block in self.blocks for story in block.stories]


KEPT_OUT = ParamList("kept_out")


def _front_query(top: int, latest: int, section_count: int, per_section: int) -> QuerySet:
    """Every story the home page may show automatically, in one query: the newest live story
    marked as lead, the `top + 1` newest marked as top, the `latest + top + 1` newest, each
    leaving out the stories the editors placed (KEPT_OUT), and the `per_section` newest of each
    section, leaving them out too (a block never repeats a placed story, so it needs no more
    rows however many are pinned). Each part is a small subquery of ids that seeks its index
    (newest first, or section, status, -publish_at) and stops, so the archive's size does not
    matter; the outer query reads those rows by primary key, with their priority. `front_page`
    deals them out: one more top and one more latest story than shown, so that the lead and
    the top stories can be taken out of the lists after them."""
    automatic = _live().exclude(pk__in=KEPT_OUT).newest_first().values("pk")
    candidates = [
        automatic.filter(priority=Article.Priority.LEAD)[:1],
        automatic[: latest + top + 1],
        *([automatic.filter(priority=Article.Priority.TOP)[: top + 1]] if top else []),
        *(
            _live()
            .filter(section_id=Param(f"section_{i}"))
            .exclude(pk__in=KEPT_OUT)
            .newest_first()
            .values("pk")[:per_section]
            for i in range(section_count)
        ),
    ]
    return rows(Article.objects.filter(any_of(candidates)), "priority")


FRONT = PreparedQuery(_front_query)


def front_page(
    *,
    at: datetime | None = None,
    request: HttpRequest | None = None,
    top_count: int = 4,
    per_section: int = 4,
    latest_count: int = 10,
    edition: str | None = None,
) -> FrontPage:
    """The home page at `at` (default now): the lead story, top stories, a block per section and
    the latest stories, as the editors arranged them (frontpage/, docs/frontpage.md).

    The lead is the breaking story, else the pinned lead, else the newest live story marked as
    lead (or simply the newest). Top stories are the pinned ones in the editor's order, then the
    newest marked as top. A section block shows its pinned stories, then its newest. "Latest"
    repeats neither lead nor top stories. A pinned or breaking story shows once: it is kept out
    of every automatic choice. Pins and the breaking mark count only while their story is live,
    so with nothing pinned the page is the automatic one.

    Every story is of `edition` (default: the edition being served), and so are the layout and
    the breaking mark that place them.
    """
    now = at or timezone.now()
    edition = edition or _edition()
    placed = pins(now, edition)
    breaking = request_banner(request).story if at is None else banner(now, edition=edition).story
    if breaking is not None:
        # The breaking story leads; the pinned lead it displaces heads the top stories.
        placed.top = [story for story in [placed.lead, *placed.top] if story and story != breaking]
        placed.lead = breaking
        placed.sections = {
            pk: [story for story in cards if story != breaking]
            for pk, cards in placed.sections.items()
        }
    kept_out = placed.ids()  # shown where the editors put them, so nowhere else
    sections = navigation()
    top_wanted = max(top_count - len(placed.top), 0)
    found = FRONT.run(
        top_wanted,
        latest_count,
        len(sections),
        per_section,
        now=now,
        edition=edition,
        kept_out=kept_out,
        **{f"section_{i}": section.pk for i, section in enumerate(sections)},
    )
    make = CardMaker()
    newest = sorted(
        ((make(row), row[-1]) for row in found),
        key=lambda pair: (pair[0].publish_at, pair[0].pk),
        reverse=True,
    )
    placed_ids = set(kept_out)
    automatic = [(story, priority) for story, priority in newest if story.pk not in placed_ids]
    lead = placed.lead
    if lead is None:
        leads = [story for story, priority in automatic if priority == Article.Priority.LEAD]
        lead = leads[0] if leads else automatic[0][0] if automatic else None
    shown = placed_ids | ({lead.pk} if lead else set())
    top = (
        list(placed.top)
        + [
            story
            for story, priority in automatic
            if priority == Article.Priority.TOP and story.pk not in shown
        ][:top_wanted]
    )
    shown |= {story.pk for story in top}
    latest = [story for story, _ in automatic if story.pk not in shown][:latest_count]
    blocks = _section_blocks(sections, per_section, [story for story, _ in newest], placed)
    page = FrontPage(lead, top, sections, blocks, latest)
    attach_credits(page.cards())  # the pinned ones were read with theirs too: no query
    return page


def _section_blocks(
    sections: list[Section], per_section: int, newest: list[Card], placed: Pins
) -> list[SectionBlock]:
    """Each section's pinned stories, then its newest (`newest`: newest first), `per_section`
    in all. The automatic part is as it always was: a block may repeat an automatic lead or top
    story, never a pinned one."""
    kept_out = set(placed.ids())
    blocks = {
        section.pk: SectionBlock(section, placed.sections.get(section.pk, [])[:per_section])
        for section in sections
    }
    for story in newest:
        block = blocks.get(story.section_id)
        if block is not None and story.pk not in kept_out and len(block.stories) < per_section:
            block.stories.append(story)
    return [block for block in blocks.values() if block.stories]


# Prepared: every page not served from the page cache reads the navigation (read by the ORM, an
# uncached page cost about 1 to 1.7 million instructions more: docs/performance.md, "The reader app,
# before and after").
IN_NAVIGATION = PreparedQuery(lambda: Section.objects.in_navigation())


def navigation() -> list[Section]:
    """The sections in the navigation and on the home page, in their order."""
    return IN_NAVIGATION.run()


# --- The pages --------------------------------------------------------------------------------


def home_page(request: HttpRequest | None = None) -> Selection:
    page = front_page(request=request)
    # The page's sections serve the navigation too (base.html prefers `nav_sections` to the
    # context processor's `navigation`), saving a query. `fronts`: the editors' layouts
    # (frontpage.signals); the banner's keys are added where it is read
    # (public.context_processors.breaking).
    context = {"page": page, "nav_sections": page.sections}
    edition = _edition()
    return Selection(context, keys=(f"home:{edition}", f"fronts:{edition}"))


def article_page(pk: int, *, before: str | None = None, after: str | None = None) -> Selection:
    """A live story's page, or 404. For live coverage, `before`/`after` name a page of older or
    newer entries (a keyset cursor, core.pagination)."""
    return story_page(live_story(pk), before=before, after=after)


def story_page(
    article: Article, *, before: str | None = None, after: str | None = None
) -> Selection:
    """The page of a story already read (by `live_story`, or by a preview, which may show one
    that is not live): its related news and more from its writer, which are always live, and
    for live coverage the page of its entries readers may see now."""
    versions = getattr(article, "version_list", None)
    if versions is None:  # a preview: the story was read without them
        versions = live_versions(article)
        article.version_list = versions  # type: ignore[attr-defined]
    related = related_stories(article)
    more = more_from_writer(article, exclude=related)
    attach_credits(related + more)
    body = split(article.body)
    live = _live_coverage(article, before=before, after=after)
    # The body's pictures and the entries' in one query, none without (articles/body.py).
    load_pictures(Body([part for b in [body, *(live.bodies if live else [])] for part in b.parts]))
    context = {
        "article": article,
        "current_section": article.section,
        "related": related,
        "more_from_writer": more,
        "versions": versions,
        "body": body,
        "live": live,
        # For the most-read count's beacon (mostread.clients).
        "read_token": story_token(article.pk),
    }
    # The page shows its story and the stories of its cards: a change to any of them (or its
    # leaving) ends it at once. It does not depend on its tags and writers: a story published
    # in them appears in related news and "more from this writer" within `related_lag()`,
    # rather than every publication dropping the cached page of every story sharing a tag or
    # a writer with it (docs/performance.md, "Caching"). Names of tags and writers are `site`
    # (every page). The body and the live entries show library pictures; an entry's writes
    # bump `article:<id>` (live/signals.py). Its other versions are shown by the second: a
    # change to one ends it (and a version's publication bumps the story's key:
    # pagecache.signals.story_keys), and so does the moment one goes live or leaves by the
    # clock (`changes_at`).
    keys = (
        f"article:{article.pk}",
        *(f"article:{story.pk}" for story in related + more),
        *(f"article:{version.pk}" for version in versions),
        *(f"image:{pk}" for pk in _image_ids(body, live)),
    )
    lag = related_lag(article.publish_at, timezone.now()) if article.publish_at else None
    changes = getattr(article, "versions_change_at", None)
    return Selection(context, keys, fresh_within=lag, changes_at=changes)


# The shortest bound of `related_lag()`, in seconds: a story minutes old is read most, and its
# page is rendered again at most once a minute for it.
RELATED_LAG_MIN = 60


def related_lag(published: datetime, now: datetime) -> int:
    """How late, in seconds, a newly published story may appear in the related news and "more
    from this writer" of a story published at `published`: a tenth of that story's age, at
    least RELATED_LAG_MIN, at most NEWSROOM_PAGE_CACHE_RELATED_SECONDS. A story an hour old
    takes new stories in within 6 minutes, one 10 hours old within an hour; one of the day
    before (the archive, read rarely and each page seldom) within the setting, 3 hours by
    default. Chosen by the news-day replay (docs/performance.md, "A news day")."""
    tenth = (now - published).total_seconds() / 10
    return int(min(max(tenth, RELATED_LAG_MIN), settings.NEWSROOM_PAGE_CACHE_RELATED_SECONDS))


def _live_coverage(
    article: Article, *, before: str | None = None, after: str | None = None
) -> LiveCoverage | None:
    coverage = coverage_of(article)
    if coverage is None:
        return None
    return live_coverage(article, coverage, now=timezone.now(), before=before, after=after)


def _image_ids(body: Body, live: LiveCoverage | None) -> list[int]:
    bodies = [body, *(live.bodies if live else [])]
    return sorted({pk for b in bodies for pk in b.image_ids})


def entries_page(pk: int) -> Selection:
    """The newest entries of a live story's coverage, for the page's script to add without a
    reload (static/js/live.js): a fragment, cached like a page. 404 for a story that is
    not live or not live coverage."""
    article = live_story_row(pk)
    live = _live_coverage(article)
    if live is None:
        raise Http404("Not live coverage.")
    load_pictures(Body([part for b in live.bodies for part in b.parts]))
    context = {"article": article, "live": live}
    keys = (f"article:{article.pk}", *(f"image:{pk}" for pk in _image_ids(Body(), live)))
    return Selection(context, keys)


def live_story_row(pk: int) -> Article:
    """A live story with its section and coverage (one query), or 404."""
    found = STORY_PAGE.run(story=pk, now=timezone.now())
    if not found:
        raise Http404("No such story.")
    return found[0]


# A list page's own row by its address's slug, prepared: building and compiling
# get_object_or_404's query cost some 700 Python calls of each section, tag and writer page.
SECTION_BY_SLUG = PreparedQuery(lambda: Section.objects.filter(slug=Param("slug", CharField())))
TAG_BY_SLUG = PreparedQuery(lambda: Tag.objects.filter(slug=Param("slug", CharField())))
WRITER_BY_SLUG = PreparedQuery(
    lambda: Writer.objects.select_related("photo").filter(slug=Param("slug", CharField()))
)


def _by_slug(query: PreparedQuery, slug: str, what: str) -> Any:
    """The row whose slug (unique) is `slug`, or 404, as get_object_or_404 would."""
    found = query.run(slug=slug)
    if not found:
        raise Http404(f"No such {what}.")
    return found[0]


def section_page(request: HttpRequest, slug: str) -> Selection:
    """A section's stories, newest first; on the first page, the stories the editors pinned in
    the section's block come first, in their order (and not again on that page)."""
    section: Section = _by_slug(SECTION_BY_SLUG, slug, "section")
    page = section_stories(request, section)
    if page.is_first:
        pinned = section_pins(timezone.now(), section.pk, _edition())
        if pinned:
            attach_credits(pinned)
            rest = [story for story in page.object_list if story not in pinned]
            page.object_list = [*pinned, *rest]
    context = {"section": section, "current_section": section, "page": page}
    edition = _edition()
    return Selection(context, keys=(f"section:{section.pk}:{edition}", f"fronts:{edition}"))


def tag_page(request: HttpRequest, slug: str) -> Selection:
    tag: Tag = _by_slug(TAG_BY_SLUG, slug, "tag")
    page = tag_stories(request, tag)
    if not page.object_list:
        # A tag used only on unpublished stories would give away what they are about.
        raise Http404("No published stories with this tag.")
    return Selection({"tag": tag, "page": page}, keys=(f"tag:{tag.pk}:{_edition()}",))


def writer_page(request: HttpRequest, slug: str) -> Selection:
    writer: Writer = _by_slug(WRITER_BY_SLUG, slug, "writer")
    page = writer_stories(request, writer)
    return Selection({"writer": writer, "page": page}, keys=(f"writer:{writer.pk}:{_edition()}",))


# Search results are ranked, so they are paged by number; there are at most
# NEWSROOM_SEARCH_MAX_RESULTS of them, so the deepest page is cheap too.
PAGE_NUMBER = re.compile(r"\d{1,9}")
SEARCH_CRITERIA = ("q", "section", "writer", "tag", "date_from", "date_to")


def search_page(request: HttpRequest) -> Selection:
    """Search the current edition's live stories. Bad input is a form error or an empty page,
    never an error page. Results can be any live stories: the page depends on every list
    ("lists")."""
    filterset = ArticleSearch(
        request.GET or None, queryset=Article.objects.live(), edition=editions.current()
    )
    context = {"filterset": filterset, "form": filterset.form, "page": None, "searched": False}
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    if any(data.get(name) for name in SEARCH_CRITERIA):
        results = filterset.results()
        paginator = Paginator(results, settings.NEWSROOM_PAGE_SIZE)
        raw_page = request.GET.get("page", "1")
        number = int(raw_page) if PAGE_NUMBER.fullmatch(raw_page) else 0
        context["searched"] = True
        context["count"] = paginator.count  # at most NEWSROOM_SEARCH_MAX_RESULTS
        context["count_capped"] = results.capped  # more stories matched than `count`
        if 1 <= number <= max(paginator.num_pages, 1):
            context["page"] = paginator.page(number)
        else:
            context["bad_page"] = True
    return Selection(context, keys=("lists",))
