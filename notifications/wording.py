"""What a notification says (its line in the inbox, its email's subject) and whether its
recipient gets it by email. Both the inbox (`services.py`) and the email task (`tasks.py`) read
these, so they sit apart from either."""

from __future__ import annotations

from django.utils.translation import gettext

from core.dates import staff_time
from notifications.models import Notification
from staff.models import settings_for

V = Notification.Verb


def wants_email(user) -> bool:
    """Whether the user gets notifications by email: an address, and email on (My settings)."""
    return bool(user.is_active and user.email and settings_for(user).email_notifications)


def actor_name(notification: Notification) -> str:
    actor = notification.actor
    if actor is None:
        return gettext("The newsroom")
    return actor.get_full_name() or actor.get_username()


def sentence(notification: Notification) -> str:
    """What happened, in one line: "Minh Anh scheduled “Floods in Huế” for 18:00 GMT+7,
    6 December." (the note, if any, is shown beside it)."""
    values = {
        "who": actor_name(notification),
        "story": notification.article.headline,
        "when": staff_time(notification.publish_at),
    }
    verb = notification.verb
    if verb == V.SUBMITTED:
        return gettext("%(who)s submitted “%(story)s” for review.") % values
    if verb == V.RETURNED:
        return gettext("%(who)s returned “%(story)s” to you.") % values
    if verb == V.SCHEDULED:
        return gettext("%(who)s scheduled “%(story)s” for %(when)s.") % values
    if verb == V.PUBLISHED:
        return gettext("%(who)s published “%(story)s”.") % values
    return gettext("%(who)s added a correction to “%(story)s”.") % values


def subject(notification: Notification) -> str:
    headline = notification.article.headline
    subjects: dict[str, str] = {
        V.SUBMITTED: gettext("For review: %(headline)s"),
        V.RETURNED: gettext("Returned to you: %(headline)s"),
        V.SCHEDULED: gettext("Scheduled: %(headline)s"),
        V.PUBLISHED: gettext("Published: %(headline)s"),
        V.CORRECTED: gettext("Corrected: %(headline)s"),
    }
    return subjects[notification.verb] % {"headline": headline}
