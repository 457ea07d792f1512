"""The desk: what the admin's front page shows each person.

- A journalist (a login linked to a byline): my drafts, returned to me (with the editor's
  note), submitted and waiting.
- An editor: waiting for review (oldest first), going out in the next 24 hours, live now,
  recently corrected, and who has which story open.
- Translations whose source changed (the journalist's own, or all of the editor's editions),
  and on every story its edition and, on a translation, the "Source changed" mark.
- Everyone: their notifications, unread marked.

An editor limited to some editions (StaffSettings.editions) sees the newsroom's queues of those
editions only.

Each count is the number of stories its link lists: both come from the same conditions
(workflow/queues.py) and the story list's filters use them too. The page reads in a fixed
number of queries, whatever the number of stories (tests/test_desk.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from articles.models import Article, Byline
from core.dates import staff_time, zone_label
from editions.names import admin_name
from notifications import services as notifications
from notifications.models import Notification
from workflow import queues
from workflow import states as s
from workflow.models import EditLock, Event
from workflow.roles import editions_of, is_editor, writer_of

SHOWN = 8  # stories listed under each heading (the count links to all of them)
NOTIFICATIONS_SHOWN = 6


@dataclass
class DeskStory:
    """A story as a queue lists it: the line under its headline says who and when."""

    headline: str
    url: str
    section: str
    writers: str
    when: str
    note: str
    edition: str = ""
    source_changed: bool = False


@dataclass
class Queue:
    key: str
    title: str
    count: int
    url: str
    empty: str = "None."
    articles: list[Article] = field(default_factory=list)  # as read
    stories: list[DeskStory] = field(default_factory=list)  # as shown


def _list_url(**query: str) -> str:
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(query)}"


def desk_context(request: HttpRequest) -> dict:
    user, now = request.user, timezone.now()
    writer = writer_of(user)
    editor = is_editor(user)
    mine = Q(pk__in=Byline.objects.filter(writer=writer).values("article_id")) if writer else None
    conditions = _conditions(now, mine, editor, editions_of(user))
    counts = Article.objects.aggregate(
        **{key: Count("pk", filter=condition) for key, (condition, _) in conditions.items()}
    )
    mine_queues, editor_queues = [], []
    if writer:
        mine_queues = [
            _queue("my_drafts", gettext("My drafts"), counts, conditions,
                   Article.objects.filter(conditions["my_drafts"][0])
                   .order_by("-modified_at", "-pk"),
                   empty=gettext("No drafts. Start one with “Add story”.")),
            _queue("returned", gettext("Returned to me"), counts, conditions,
                   Article.objects.filter(conditions["returned"][0])
                   .annotate(returned_at=queues.last_move("at"),
                             returned_note=queues.last_move("note"))
                   .order_by("-returned_at", "-pk"),
                   empty=gettext("Nothing returned.")),
            _queue("submitted", gettext("Submitted, waiting for an editor"), counts, conditions,
                   Article.objects.filter(conditions["submitted"][0])
                   .annotate(submitted_at=queues.last_event_at(Event.Kind.SUBMITTED))
                   .order_by("submitted_at", "pk"),
                   empty=gettext("Nothing waiting.")),
            _queue("my_source_changed", gettext("My translations whose source changed"), counts,
                   conditions,
                   Article.objects.filter(conditions["my_source_changed"][0])
                   .order_by("-modified_at", "-pk"),
                   empty=gettext("All my translations are up to date.")),
        ]  # fmt: skip
    if editor:
        editor_queues = [
            _queue("waiting", gettext("Waiting for review (oldest first)"), counts, conditions,
                   Article.objects.filter(conditions["waiting"][0])
                   .annotate(submitted_at=queues.last_event_at(Event.Kind.SUBMITTED))
                   .order_by("submitted_at", "pk"),
                   empty=gettext("Nothing to review.")),
            _queue("going_out", _hours_title(), counts,
                   conditions,
                   Article.objects.filter(conditions["going_out"][0]).order_by("publish_at", "pk"),
                   empty=gettext("Nothing scheduled.")),
            _queue("live", gettext("Live now (newest first)"), counts, conditions,
                   Article.objects.filter(conditions["live"][0]).order_by("-publish_at", "-pk"),
                   empty=gettext("Nothing live.")),
            _queue("corrected", _days_title(), counts,
                   conditions,
                   Article.objects.filter(conditions["corrected"][0])
                   .annotate(corrected_at=queues.last_correction_at())
                   .order_by("-corrected_at", "-pk"),
                   empty=gettext("No recent corrections.")),
            _queue("source_changed", gettext("Translations whose source changed"), counts,
                   conditions,
                   Article.objects.filter(conditions["source_changed"][0])
                   .order_by("-modified_at", "-pk"),
                   empty=gettext("Every translation is up to date with its source.")),
        ]  # fmt: skip
    every = [story for q in (*mine_queues, *editor_queues) for story in q.articles]
    prefetch_related_objects(
        every,
        Prefetch("bylines", queryset=Byline.objects.select_related("writer").order_by("position")),
    )
    for q in (*mine_queues, *editor_queues):
        q.stories = [_describe(story, now) for story in q.articles]
    return {
        "title": gettext("Desk"),
        "desk_mine": mine_queues,
        "desk_editor": editor_queues,
        "desk_locks": _locks(now) if editor else [],
        "desk_zone": zone_label(now),
        "desk_no_role": not writer and not editor,
        **_notifications(user),
    }


def _conditions(
    now: datetime, mine: Q | None, editor: bool, limit: frozenset[str] | None = None
) -> dict[str, tuple[Q, str]]:
    """Each queue's condition and the story-list address that lists the same stories. `limit`:
    the editor's editions (None: all); the newsroom's queues keep to them."""
    conditions: dict[str, tuple[Q, str]] = {}
    changed = Q(pk__in=Article.objects.source_changed().values("pk"))
    if mine is not None:
        conditions |= {
            "my_drafts": (mine & queues.state(s.DRAFT, now), _list_url(mine="1", state=s.DRAFT)),
            "returned": (
                mine & queues.queue(queues.RETURNED, now),
                _list_url(mine="1", queue=queues.RETURNED),
            ),
            "submitted": (
                mine & queues.state(s.IN_REVIEW, now),
                _list_url(mine="1", state=s.IN_REVIEW),
            ),
            "my_source_changed": (mine & changed, _list_url(mine="1", source_changed="1")),
        }
    if editor:
        conditions |= {
            "waiting": (queues.state(s.IN_REVIEW, now), _list_url(state=s.IN_REVIEW)),
            "going_out": (
                queues.queue(queues.GOING_OUT, now),
                _list_url(queue=queues.GOING_OUT),
            ),
            "live": (queues.state(s.LIVE, now), _list_url(state=s.LIVE)),
            "corrected": (
                queues.queue(queues.CORRECTED, now),
                _list_url(queue=queues.CORRECTED),
            ),
            "source_changed": (changed, _list_url(source_changed="1")),
        }
        if limit is not None:
            codes = sorted(limit)
            only = Q(edition__in=codes)
            for key in ("waiting", "going_out", "live", "corrected", "source_changed"):
                condition, url = conditions[key]
                # The list's edition filter takes one edition: with several, the list shows all.
                extra = f"&edition={codes[0]}" if len(codes) == 1 else ""
                conditions[key] = (condition & only, url + extra)
    return conditions


def _queue(key, title, counts, conditions, stories: QuerySet, *, empty: str) -> Queue:
    return Queue(
        key=key,
        title=title,
        count=counts[key],
        url=conditions[key][1],
        empty=empty,
        articles=list(
            stories.select_related("section").annotate(
                is_source_changed=Exists(Article.objects.source_changed().filter(pk=OuterRef("pk")))
            )[:SHOWN]
        ),
    )


def _describe(story: Article, now: datetime) -> DeskStory:
    """The line under a story's headline: its writers and the time that matters here."""
    when = []
    returned_at = getattr(story, "returned_at", None)
    submitted_at = getattr(story, "submitted_at", None)
    corrected_at = getattr(story, "corrected_at", None)
    if returned_at:
        when.append(gettext("returned %(when)s") % {"when": staff_time(returned_at)})
    if submitted_at:
        when.append(
            gettext("submitted %(when)s (%(ago)s)")
            % {"when": staff_time(submitted_at), "ago": _ago(now - submitted_at)}
        )
    if corrected_at:
        when.append(gettext("corrected %(when)s") % {"when": staff_time(corrected_at)})
    if story.status == Article.Status.PUBLISHED and story.publish_at:
        said = (
            gettext("goes out %(when)s")
            if story.publish_at > now
            else gettext("out since %(when)s")
        )
        when.append(said % {"when": staff_time(story.publish_at)})
    return DeskStory(
        headline=story.headline,
        url=reverse("admin:articles_article_change", args=[story.pk]),
        section=story.section.name,
        writers=", ".join(b.writer.name for b in story.bylines.all()),
        when="; ".join(when),
        note=getattr(story, "returned_note", "") or "",
        edition=_edition_name(story.edition),
        source_changed=bool(getattr(story, "is_source_changed", False)),
    )


def _edition_name(code: str) -> str:
    return admin_name(code)


def _hours_title() -> str:
    hours = queues.GOING_OUT_HOURS
    return ngettext(
        "Going out in the next %(n)d hour", "Going out in the next %(n)d hours", hours
    ) % {"n": hours}


def _days_title() -> str:
    days = queues.CORRECTED_DAYS
    return ngettext("Corrected in the last %(n)d day", "Corrected in the last %(n)d days", days) % {
        "n": days
    }


def _ago(delta: timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 0)
    if minutes < 60:
        return gettext("%(minutes)d min ago") % {"minutes": minutes}
    hours = minutes // 60
    if hours < 48:
        return gettext("%(hours)d h ago") % {"hours": hours}
    return gettext("%(days)d days ago") % {"days": hours // 24}


def _locks(now: datetime) -> list[dict]:
    since = now - timedelta(seconds=settings.NEWSROOM_EDIT_LOCK_SECONDS)
    locks = (
        EditLock.objects.filter(seen_at__gt=since)
        .select_related("user", "article")
        .order_by("-seen_at")[:20]
    )
    return [
        {
            "who": lock.user.get_full_name() or lock.user.get_username(),
            "article": lock.article,
            "url": reverse("admin:articles_article_change", args=[lock.article_id]),
            "since": staff_time(lock.since),
        }
        for lock in locks
    ]


def _notifications(user) -> dict:
    mine = Notification.objects.for_user(user)
    latest = list(mine.select_related("actor", "article")[:NOTIFICATIONS_SHOWN])
    return {
        "desk_unread": mine.unread().count(),
        "desk_notifications": [{"item": n, "sentence": notifications.sentence(n)} for n in latest],
    }
