"""Template filters of the workflow's admin pages."""

from __future__ import annotations

from django import template

from workflow import states

register = template.Library()


@register.filter
def state_name(state: str) -> str:
    """A state's name as staff read it ("In review"), in their language, from its code
    (`in_review`, as the history records it)."""
    return str(states.LABELS.get(state, state))
