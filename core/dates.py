"""How the public site writes dates and times: in the newsroom's time zone (TIME_ZONE), in
English, as readers see them on the reference pages ("18 November 2024, 09:30 GMT+7").

Every story card shows a time, so these run a hundred times for the home page: they read the
default time zone and plain month names rather than the active time zone and lazily translated
names (each a context-variable lookup). The public site never activates another time zone or
language.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from django.utils import dateformat, timezone
from django.utils.timezone import get_default_timezone
from markupsafe import Markup

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


@lru_cache(maxsize=64)
def _zone_label(offset: timedelta | None) -> str:
    """ "GMT+7" (or "GMT+5:30") for a UTC offset."""
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _display(moment: datetime) -> str:
    month = MONTH_NAMES[moment.month - 1]
    return (
        f"{moment.day} {month} {moment.year}, {moment.hour:02d}:{moment.minute:02d} "
        f"{_zone_label(moment.utcoffset())}"
    )


def newsroom_time(value: datetime | None) -> str:
    """'18 November 2024, 09:30 GMT+7' in the newsroom's time zone."""
    return "" if value is None else _display(local(value))


def _iso(moment: datetime) -> str:
    """Whole seconds and the UTC offset: HTML's `datetime` allows at most three digits of a
    fraction of a second, and a reader's time has none."""
    return moment.isoformat(timespec="seconds")


def isotime(value: datetime | None) -> str:
    """ISO 8601 in the newsroom's time zone, to whole seconds, for `<time datetime>` and
    structured data ("2024-11-18T09:30:00+07:00")."""
    return "" if value is None else _iso(local(value))


def time_tag(value: datetime | None) -> Markup:
    """`<time datetime="2024-11-18T09:30:00+07:00">18 November 2024, 09:30 GMT+7</time>`: both
    made of digits and English month names, so nothing in them needs escaping."""
    if value is None:
        return Markup("")
    moment = local(value)
    return Markup(f'<time datetime="{_iso(moment)}">{_display(moment)}</time>')


# --- For staff (the admin, notifications): the language may be Vietnamese, so month names go
# through Django's translated date format. ---------------------------------------------------


def zone_label(value: datetime | None = None) -> str:
    """ "GMT+7, Asia/Ho_Chi_Minh": the newsroom's offset at `value` (now by default) and its
    zone's name, for every time field and time shown to staff."""
    moment = local(value or timezone.now())
    return f"{_zone_label(moment.utcoffset())}, {get_default_timezone().key}"


def staff_time(value: datetime | None, *, year: bool | None = None) -> str:
    """ "18:00 GMT+7, 6 December" in the newsroom's time zone (with the year when it is not
    this year's, or when `year` asks for it)."""
    if value is None:
        return ""
    moment = local(value)
    if year is None:
        year = moment.year != local(timezone.now()).year
    day = dateformat.format(moment, "j F Y" if year else "j F")
    return f"{moment:%H:%M} {_zone_label(moment.utcoffset())}, {day}"
