"""The desk's queues as conditions on stories: one definition each, used by the story list's
filters (workflow/admin.py) and by the desk (desk/), so a count on the desk is the number of
stories its link lists.

- `state(name)`: the editorial states (draft, in review, scheduled, live, expired, withdrawn),
  the same rule as workflow.states.state_of() for one story;
- `RETURNED`: drafts whose last move was "Returned to the writer";
- `GOING_OUT`: scheduled to go out within the next `GOING_OUT_HOURS`;
- `CORRECTED`: live or expired stories given a correction in the last `CORRECTED_DAYS`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery

from articles.models import Article, Correction
from workflow import states as s
from workflow.models import Event

GOING_OUT_HOURS = 24
CORRECTED_DAYS = 7

RETURNED = "returned"
GOING_OUT = "going_out"
CORRECTED = "corrected"
LABELS = {
    RETURNED: "Returned to the writer",
    GOING_OUT: f"Going out in the next {GOING_OUT_HOURS} hours",
    CORRECTED: f"Corrected in the last {CORRECTED_DAYS} days",
}

# The moves that change a story's status (not comments, links or milestones).
STATUS_MOVES = [
    Event.Kind.CREATED,
    Event.Kind.SUBMITTED,
    Event.Kind.RETURNED,
    Event.Kind.SCHEDULED,
    Event.Kind.PUBLISHED,
    Event.Kind.WITHDRAWN,
    Event.Kind.REOPENED,
]


def last_move(field: str = "kind") -> Subquery:
    """The story's latest status move's `field` (kind, note, at, actor_id), for annotate()."""
    moves = Event.objects.filter(article=OuterRef("pk"), kind__in=STATUS_MOVES)
    return Subquery(moves.order_by("-at", "-pk").values(field)[:1])


def last_event_at(kind: str) -> Subquery:
    """When the story last had an event of `kind` (e.g. when it was submitted), for annotate()."""
    events = Event.objects.filter(article=OuterRef("pk"), kind=kind)
    return Subquery(events.order_by("-at", "-pk").values("at")[:1])


def state(name: str, now: datetime) -> Q:
    """Stories in editorial state `name` at `now`. The published states are the visibility
    rule's own querysets (ArticleQuerySet.scheduled/live/expired), as in the story list's
    state filter: nothing here restates the rule."""
    by_clock = {
        s.SCHEDULED: Article.objects.scheduled,
        s.LIVE: Article.objects.live,
        s.EXPIRED: Article.objects.expired,
    }
    if name in by_clock:
        return Q(pk__in=by_clock[name](at=now).values("pk"))
    status = {state: status for status, state in s.UNPUBLISHED.items()}
    return Q(status=status[name])


def queue(name: str, now: datetime) -> Q:
    if name == RETURNED:
        return state(s.DRAFT, now) & Q(pk__in=_returned())
    if name == GOING_OUT:
        return state(s.SCHEDULED, now) & Q(publish_at__lte=now + timedelta(hours=GOING_OUT_HOURS))
    if name == CORRECTED:
        recent = Correction.objects.filter(
            article=OuterRef("pk"), published_at__gte=now - timedelta(days=CORRECTED_DAYS)
        )
        return (state(s.LIVE, now) | state(s.EXPIRED, now)) & Q(Exists(recent))
    raise KeyError(name)


def _returned():
    """The drafts whose latest status move is a return (a subquery of ids)."""
    return (
        Article.objects.filter(status=Article.Status.DRAFT)
        .annotate(last_kind=last_move())
        .filter(last_kind=Event.Kind.RETURNED)
        .values("pk")
    )


def last_correction_at() -> Subquery:
    corrections = Correction.objects.filter(article=OuterRef("pk"))
    return Subquery(corrections.order_by("-published_at", "-pk").values("published_at")[:1])
