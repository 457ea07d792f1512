"""Recording the schedule's milestones: "went live" and "expired".

Readers never wait for this: visibility is `Article.objects.live()`, computed from the clock.
This only writes the history. It is idempotent (an event per story and moment, guaranteed by a
unique constraint) and safe when two runs overlap (conflicting inserts are ignored).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.models import Article
from workflow.models import Event
from workflow.states import EXPIRED, LIVE, SCHEDULED

BATCH = 500


def record_schedule_events(*, now: datetime | None = None) -> dict[str, int]:
    moment = now or timezone.now()
    # Every story that is no longer scheduled went live, including one that has expired since.
    went_live = (Article.objects.live(at=moment) | Article.objects.expired(at=moment)).exclude(
        _has_event(Event.Kind.WENT_LIVE, "publish_at")
    )
    expired = Article.objects.expired(at=moment).exclude(
        _has_event(Event.Kind.EXPIRED, "expire_at")
    )
    return {
        "went_live": _record(went_live, Event.Kind.WENT_LIVE, "publish_at", SCHEDULED, LIVE),
        "expired": _record(expired, Event.Kind.EXPIRED, "expire_at", LIVE, EXPIRED),
    }


def _has_event(kind: str, field: str) -> Exists:
    return Exists(Event.objects.filter(article=OuterRef("pk"), kind=kind, at=OuterRef(field)))


def _record(queryset, kind: str, field: str, from_state: str, to_state: str) -> int:
    events = [
        Event(article_id=pk, kind=kind, at=at, from_state=from_state, to_state=to_state)
        for pk, at in queryset.values_list("pk", field)
    ]
    before = Event.objects.filter(kind=kind).count()
    Event.objects.bulk_create(events, batch_size=BATCH, ignore_conflicts=True)
    return Event.objects.filter(kind=kind).count() - before
