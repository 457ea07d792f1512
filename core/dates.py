"""How the public site writes dates and times: in the newsroom's time zone (TIME_ZONE), in
English, as readers see them on the reference pages ("18 November 2024, 09:30 GMT+7").

Every story card shows a time, so these run a hundred times for the home page: they read the
default time zone and plain month names rather than the active time zone and lazily translated
names (each a context-variable lookup). The public site never activates another time zone or
language.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.timezone import get_default_timezone

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def local(value: datetime) -> datetime:
    return value.astimezone(get_default_timezone())


def newsroom_time(value: datetime | None) -> str:
    """'18 November 2024, 09:30 GMT+7' in the newsroom's time zone."""
    if value is None:
        return ""
    moment = local(value)
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    label = f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return f"{moment.day} {MONTH_NAMES[moment.month - 1]} {moment.year}, {moment:%H:%M} {label}"


def isotime(value: datetime | None) -> str:
    """ISO 8601 in the newsroom's time zone, for `<time datetime>` ("2024-11-18T09:30:00+07:00")."""
    if value is None:
        return ""
    return local(value).isoformat()
