"""Scheduled updates to a live story: a new version of its text that readers get at a second.

An editor prepares the new text and a time (`transitions.schedule_update`); it waits as a
`ScheduledUpdate` row. The story row keeps the text readers see now. At the update's second the
update is **written into the story row** by the first request that reads a public page, feed,
sitemap or the API from the database (`publish_due()`, run before every such page by the page
cache's `before_render` hook), or by the first move or admin page that opens the story. So:

- every surface shows the new text from that second on, through the one row they all read:
  article page, cards, feeds, sitemaps, JSON-LD, the ninjs API, and search, whose index is kept
  by the row's own write (PostgreSQL's generated `search_vector`, SQLite's FTS5 triggers);
- a copy of a page stored before that second is never served past it: `next_pending()` is
  registered with pagecache.schedule, and the write bumps the story's page-cache keys;
- no worker or cron job runs: the reader who comes first at that second publishes it.

Publishing locks the story's row and writes only the fields the update changes from the text it
was prepared on (`base`), so an edit made to the story meanwhile to another field is kept; a
field changed on both sides takes the update's text (the editor was warned when saving the
story, the story's text stays in its revisions, and the history says which fields). The story's
version goes up, so a form opened on the old text is refused on saving with its text kept
(workflow/concurrency.py). The "Updated" time becomes the update's second. An update whose story
is not live at its second (withdrawn, expired) is never shown: it lapses.

Each pending update costs one query per page rendered from the database (the due ones, usually
none; a prepared query on a partial index of the pending rows).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import reversion
from django.db import DatabaseError, transaction
from django.db.models import DateTimeField
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article
from core.dates import staff_time
from core.html import sanitize_html
from core.prepared import Param, PreparedQuery
from workflow.models import Event, ScheduledUpdate
from workflow.states import state_of

log = logging.getLogger(__name__)

# The fields of a story an update may change (the text; never its section, status or times).
UPDATE_FIELDS = ("headline", "kicker", "lead", "body", "dateline", "seo_title", "seo_description")
PENDING = ScheduledUpdate.State.PENDING

DUE = PreparedQuery(
    lambda: (
        ScheduledUpdate.objects.filter(state=PENDING, publish_at__lte=Param("now", DateTimeField()))
        .order_by("publish_at", "pk")
        .values_list("pk", flat=True)
    )
)


def snapshot(story: Any) -> dict[str, str]:
    """The story's (or an update's) text, field by field."""
    return {name: getattr(story, name) or "" for name in UPDATE_FIELDS}


def _same(name: str, a: str, b: str) -> bool:
    if name == "body":  # as stored: the editor may write the same markup another way
        return sanitize_html(a or "") == sanitize_html(b or "")
    return (a or "") == (b or "")


def changes(update: ScheduledUpdate) -> list[str]:
    """The fields the update changes from the text it was prepared on."""
    return [
        name
        for name in UPDATE_FIELDS
        if not _same(name, getattr(update, name), update.base.get(name, ""))
    ]


def conflicts(update: ScheduledUpdate, story: Article) -> list[str]:
    """The fields the update changes that the story has also changed since, to another text:
    at the update's second, the update's text replaces the story's there."""
    return [
        name
        for name in changes(update)
        if not _same(name, getattr(story, name), update.base.get(name, ""))
        and not _same(name, getattr(story, name), getattr(update, name))
    ]


def merged(update: ScheduledUpdate, story: Article) -> dict[str, str]:
    """The story's text as the update will leave it: the update's changed fields over the
    story's current text (what readers will see; what the update form starts from)."""
    text = snapshot(story)
    text.update({name: getattr(update, name) for name in changes(update)})
    return text


def pending(article: Article) -> list[ScheduledUpdate]:
    return list(
        ScheduledUpdate.objects.filter(article=article, state=PENDING).select_related("created_by")
    )


# --- At the update's second -------------------------------------------------------------------


def publish_due(now: datetime | None = None) -> int:
    """Publish (or lapse) every pending update whose second has come; how many were settled.

    A failure is logged and the page is served from the rows as they are: the update stays
    pending, so the next page tries again, and meanwhile no copy of a page is stored
    (`next_pending()` returns its past second)."""
    moment = now or timezone.now()
    settled = 0
    for pk in DUE.run(now=moment):
        try:
            settled += _settle(pk, moment)
        except DatabaseError:
            log.exception("Scheduled update %s could not be published; will try again", pk)
    return settled


def _settle(pk: int, now: datetime) -> int:
    with transaction.atomic():
        # Claimed by one request only: two readers at the same second publish it once.
        claimed = ScheduledUpdate.objects.filter(pk=pk, state=PENDING).update(
            state=ScheduledUpdate.State.PUBLISHED, settled_at=now
        )
        if not claimed:
            return 0
        update = ScheduledUpdate.objects.select_related("created_by").get(pk=pk)
        story = Article.objects.select_for_update().get(pk=update.article_id)
        if not story.is_live(at=update.publish_at):
            _lapse(update, story, now)
        else:
            _publish(update, story)
    return 1


def _publish(update: ScheduledUpdate, story: Article) -> None:
    replaced = conflicts(update, story)
    for name in changes(update):
        setattr(story, name, getattr(update, name))
    if story.updated_at is None or story.updated_at < update.publish_at:
        story.updated_at = update.publish_at  # the "Updated" time readers see
    story.version += 1
    when = staff_time(update.publish_at)
    with reversion.create_revision():
        story.save()
        if update.created_by is not None:
            reversion.set_user(update.created_by)
        reversion.set_comment(gettext("Scheduled update of %(when)s published.") % {"when": when})
    note = ""
    if replaced:
        note = gettext(
            "Its text replaced changes made to the story after it was prepared (kept in the "
            "revisions): %(fields)s."
        ) % {"fields": ", ".join(field_label(name) for name in replaced)}
    _record(update, story, Event.Kind.UPDATE_PUBLISHED, note)


def _lapse(update: ScheduledUpdate, story: Article, now: datetime) -> None:
    ScheduledUpdate.objects.filter(pk=update.pk).update(state=ScheduledUpdate.State.LAPSED)
    _record(update, story, Event.Kind.UPDATE_LAPSED, "")


def _record(update: ScheduledUpdate, story: Article, kind: str, note: str) -> None:
    state = state_of(story, at=update.publish_at)
    Event.objects.create(
        article=story,
        kind=kind,
        actor=None,  # the schedule
        from_state=state,
        to_state=state,
        note=note,
        publish_at=update.publish_at,
        at=update.publish_at,
    )


def field_label(name: str) -> str:
    """The field's name as the story form shows it, in the reader's language."""
    return str(getattr(Article._meta.get_field(name), "verbose_name", name))


def next_pending(now: datetime) -> datetime | None:
    """The second of the first pending update, for pagecache.schedule: no copy of a page
    outlives it. A pending update already due (its publication failed) is in the past, so no
    copy is stored until it is published."""
    return (
        ScheduledUpdate.objects.filter(state=PENDING)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
