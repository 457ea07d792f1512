"""Named querysets for articles. `live()` is the only definition of what readers may see;
`scheduled()` and `expired()` beside it are the rest of the same rule."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import Exists, Expression, F, OuterRef, Prefetch, Q
from django.db.models.expressions import Combinable
from django.utils import timezone

from editions import config as editions

if TYPE_CHECKING:
    from tags.models import Tag
    from writers.models import Writer


# The rows a story card needs joined to the story: renditions' URLs come from the Image row.
CARD_JOINS = ("section", "hero_image")

# A tag or writer with at least this many stories is "busy": its list is read by walking the
# newest-first visibility index and checking each story's tagging or byline (a few rows per
# story shown), rather than reading all its stories and sorting them. A quiet one is read
# whole, which is at most this many rows.
BUSY_LIST = 1000


# Where card_bylines() puts a story's bylines: a plain list (Article.byline_list reads it), so
# a page's cards do not each build a related manager and a queryset to read them.
PREFETCHED_BYLINES = "prefetched_bylines"


def card_bylines() -> Prefetch:
    """The bylines a story card shows, with their writers, in byline order."""
    bylines = _model("Byline")._default_manager.select_related("writer").order_by("position", "pk")
    return Prefetch("bylines", bylines, to_attr=PREFETCHED_BYLINES)


class ArticleQuerySet(models.QuerySet[Any]):
    """The visibility rule, in three methods that split the published stories at a moment:
    `scheduled()` (publish_at still ahead), `live()` (due, not expired) and `expired()` (due,
    past expire_at). Nothing else restates the rule: the admin's state filter, the schedule's
    history, the page cache's next-change time and `workflow.states.state_of()` use these.
    The database holds what makes the split exact: a published story has a publish_at, and an
    expire_at comes after it (Article.Meta.constraints)."""

    def live(self, *, at: datetime | Expression | None = None) -> ArticleQuerySet:
        """Stories readers may see at `at` (default: now): published, due, and not expired.

        Every public page, list, related block and count goes through this method, so a
        scheduled story appears at its time with no background job, and an expired, withdrawn
        or unpublished one appears nowhere. A prepared query (core.prepared) passes the time
        as a parameter, `live(at=NOW)`, bound on every run.
        """
        moment = at or timezone.now()
        return self.filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=moment),
            status=self.model.Status.PUBLISHED,
            publish_at__lte=moment,
        )

    def scheduled(self, *, at: datetime | Expression | None = None) -> ArticleQuerySet:
        """Published stories readers will see later: publish_at is after `at` (default: now).
        Each goes live at its publish_at, by the clock alone."""
        moment = at or timezone.now()
        return self.filter(status=self.model.Status.PUBLISHED, publish_at__gt=moment)

    def expired(self, *, at: datetime | Expression | None = None) -> ArticleQuerySet:
        """Published stories readers saw and no longer see: due, and expire_at is at or before
        `at` (default: now)."""
        moment = at or timezone.now()
        return self.filter(
            status=self.model.Status.PUBLISHED, publish_at__lte=moment, expire_at__lte=moment
        )

    def in_edition(self, code: str | None = None) -> ArticleQuerySet:
        """Stories of the edition `code` (default: the edition being served, the active
        language's: editions.config.current())."""
        return self.filter(edition=code or editions.current().code)

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-publish_at", "-pk")

    def versions_of(
        self, story: int | Combinable, original: int | Combinable | None, edition: str | Combinable
    ) -> ArticleQuerySet:
        """A story's other versions, in other editions: its original (`original`, its
        `translation_of`) and the original's other translations, or its own translations. For
        a subquery, pass OuterRef("pk"), OuterRef("translation_of_id"), OuterRef("edition").
        Any state: combine with live() (or scheduled()...) for what readers may see."""
        linked = Q(translation_of_id=story)
        if original is not None:
            # Compared with a NULL column, these hold for no row: an original has no siblings.
            linked |= Q(pk=original) | Q(translation_of_id=original)
        return self.filter(linked).exclude(pk=story).exclude(edition=edition)

    def for_article_page(self) -> ArticleQuerySet:
        """The whole story, its section, hero image, writers, tags and corrections."""
        return self.select_related(*CARD_JOINS).prefetch_related(
            card_bylines(), "tags", "corrections"
        )

    def by_writer(
        self, writer: Writer | Expression, *, walk_index: bool = False
    ) -> ArticleQuerySet:
        """A writer's stories (`writer`: the Writer, or a prepared query's Param of its id)."""
        # A subquery, not a join, so a writer credited twice on a story lists it once.
        links = _model("Byline")._default_manager.filter(writer_id=_id(writer))
        return self._linked(links, "article", walk_index)

    def tagged(self, tag: Tag | Expression, *, walk_index: bool = False) -> ArticleQuerySet:
        """A tag's stories (`tag`: the Tag, or a prepared query's Param of its id)."""
        links = _model("TaggedArticle")._default_manager.filter(tag_id=_id(tag))
        return self._linked(links, "content_object", walk_index)

    def source_changed(self) -> ArticleQuerySet:
        """Translations whose original changed since they were made or last brought up to date
        (`source_synced_at`): a material update (the original's public `updated_at` moved past
        it) or a correction published after it. A minor edit moves neither. Translations with
        no sync time (linked by hand, never checked) are left out: there is nothing to compare.
        """
        corrected = _model("Correction")._default_manager.filter(
            article=OuterRef("translation_of"), published_at__gt=OuterRef("source_synced_at")
        )
        return self.filter(translation_of__isnull=False, source_synced_at__isnull=False).filter(
            Q(translation_of__updated_at__gt=F("source_synced_at")) | Q(Exists(corrected))
        )

    def _linked(self, links: models.QuerySet, field: str, walk_index: bool) -> ArticleQuerySet:
        if walk_index:
            return self.filter(CheckedPerStory(links.filter(**{field: OuterRef("pk")})))
        return self.filter(pk__in=links.values(f"{field}_id"))


class CheckedPerStory(Exists):
    """EXISTS, checked for each story the outer query reads, in its order.

    PostgreSQL turns a plain EXISTS into a semi-join and chooses its side from the statistics:
    a prepared statement's generic plan (core/prepared.py) does not know which tag or writer it
    runs for and, expecting an average one (a few stories), started from all of a busy tag's
    taggings (5,000 at 10,000 stories: 20 ms instead of 0.5 ms). `OFFSET 0` keeps the
    subquery a per-row check, which is what a busy tag's or writer's list wants whatever the
    plan (BUSY_LIST). SQLite checks per row anyway and gets the plain EXISTS.
    """

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="EXISTS(%(subquery)s OFFSET 0)", **extra_context
        )


def _model(name: str) -> type[models.Model]:
    """A model of this app, from Django's app registry: articles/models.py imports this module,
    so this module does not import it back."""
    return apps.get_model("articles", name)


def _id(value):
    return value if isinstance(value, Expression) else value.pk


def busy_marker(links: models.QuerySet) -> models.QuerySet:
    """The BUSY_LIST-th of a tag's taggings or a writer's bylines, in index order: a row when
    the tag or writer is busy, none when it is not (one bounded index scan)."""
    return links.order_by().values_list("pk")[BUSY_LIST - 1 : BUSY_LIST]
