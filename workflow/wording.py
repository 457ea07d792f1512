"""What the workflow says to people: the history's lines and which
move the panel offers first. Human names of states ("In review", never `in_review`), times in
the newsroom's time zone with its offset ("18:00 GMT+7, 6 December")."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.dates import staff_time
from workflow import states as s
from workflow.models import Event

K = Event.Kind

# The next sensible move in each state: the panel's primary button. In a draft, the writer's
# next move is to submit it; an editor's (not its writer) is to schedule it.
NEXT_MOVE = {
    s.DRAFT: ("submit", "schedule"),
    s.IN_REVIEW: ("schedule",),
    s.WITHDRAWN: ("reopen",),
}
# Moves that take a story away from readers: they ask for a reason and a confirmation.
DANGEROUS = frozenset({"withdraw"})


def primary_move(state: str, allowed: list[str], roles: frozenset[str]) -> str | None:
    for name in NEXT_MOVE.get(state, ()):
        if name == "submit" and "writer" not in roles:
            continue
        if name in allowed:
            return name
    return None


def state_name(state: str) -> str:
    return str(s.LABELS.get(state, state.replace("_", " ").capitalize()))


def event_title(event: Event) -> str:
    """ "Scheduled for 18:00 GMT+7, 6 December", "Returned to the writer", "Went live"..."""
    if event.kind == K.SCHEDULED and event.publish_at:
        return _("Scheduled for %(when)s.") % {"when": staff_time(event.publish_at)}
    if event.kind == K.PUBLISHED:
        return _("Published")
    if event.kind in UPDATE_TITLES and event.publish_at:
        return _(UPDATE_TITLES[event.kind]) % {"when": staff_time(event.publish_at)}
    return str(event.get_kind_display())


# The history's lines of a scheduled update (workflow/updates.py), naming its time.
UPDATE_TITLES: dict[str, str] = {
    K.UPDATE_SCHEDULED: gettext_noop("Update scheduled for %(when)s."),
    K.UPDATE_CANCELLED: gettext_noop("Scheduled update of %(when)s cancelled."),
    K.UPDATE_PUBLISHED: gettext_noop("Scheduled update of %(when)s published."),
    K.UPDATE_LAPSED: gettext_noop(
        "Scheduled update of %(when)s not published: the story was not live then."
    ),
}


def event_change(event: Event) -> str:
    """ "In review → Scheduled", or "" when the state did not change."""
    if not event.from_state or event.from_state == event.to_state:
        return ""
    return f"{state_name(event.from_state)} → {state_name(event.to_state)}"
