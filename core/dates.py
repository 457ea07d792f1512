"""How the public site writes dates and times: as each edition's readers write them, in the
edition's time zone and `date_format` (editions.config): "18 November 2024, 09:30 GMT+7" in
English, "18/11/2024 09:30 GMT+7" in Vietnamese.

Every story card shows a time, so these run a hundred times for the home page: each call looks
up the edition being served once (the active language, one dict lookup) and finds its time
zone, format and month names made once per process (`_Style`), rather than the active time
zone and lazily translated names (each a context-variable lookup).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import dateformat, timezone, translation
from django.utils.dates import MONTHS
from django.utils.timezone import get_default_timezone
from markupsafe import Markup

from core import rendering
from editions import config as editions

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


@dataclass(frozen=True, slots=True)
class _Style:
    """How an edition writes a moment: its time zone, its `date_format`, its month names."""

    tz: tzinfo
    template: str
    months: tuple[str, ...]


_styles: dict[str, _Style] = {}


def _style() -> _Style:
    """The style of the edition being served (the active language's), else the default's."""
    code = rendering.language() or ""  # a render's, read once for all its times
    style = _styles.get(code)
    if style is None:
        edition = editions.find(code) or editions.default()
        style = _styles[code] = _Style(edition.tz, edition.date_format, _months(edition.code))
    return style


def _months(code: str) -> tuple[str, ...]:
    if code == "en":
        return MONTH_NAMES
    with translation.override(code):
        return tuple(str(MONTHS[number]) for number in range(1, 13))


@receiver(setting_changed)
def _settings_changed(*, setting: str, **_) -> None:
    if setting in {"NEWSROOM_EDITIONS", "TIME_ZONE", "LANGUAGE_CODE"}:
        _styles.clear()


def _display(moment: datetime, style: _Style) -> str:
    return style.template.format(
        day=moment.day,
        month=moment.month,
        month_name=style.months[moment.month - 1],
        year=moment.year,
        hour=moment.hour,
        minute=moment.minute,
        zone=_zone_label(moment.utcoffset()),
    )


def newsroom_time(value: datetime | None) -> str:
    """'18 November 2024, 09:30 GMT+7' as the edition being served writes it."""
    if value is None:
        return ""
    style = _style()
    return _display(value.astimezone(style.tz), style)


def _iso(moment: datetime) -> str:
    """Whole seconds and the UTC offset: HTML's `datetime` allows at most three digits of a
    fraction of a second, and a reader's time has none."""
    return moment.isoformat(timespec="seconds")


def isotime(value: datetime | None) -> str:
    """ISO 8601 in the newsroom's time zone, to whole seconds, for `<time datetime>` and
    structured data ("2024-11-18T09:30:00+07:00")."""
    return "" if value is None else _iso(local(value))


def time_tag(value: datetime | None) -> Markup:
    """`<time datetime="2024-11-18T09:30:00+07:00">18 November 2024, 09:30 GMT+7</time>`, as
    the edition being served writes it; `datetime` is ISO 8601 in the edition's time zone.
    Both are made of digits, the edition's format and month names (configuration, not input),
    so nothing in them needs escaping."""
    if value is None:
        return Markup("")
    style = _style()
    moment = value.astimezone(style.tz)
    return Markup(f'<time datetime="{_iso(moment)}">{_display(moment, style)}</time>')


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
