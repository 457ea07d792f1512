"""The newsroom's editions: each a language with its own name, address (a path prefix, or a
host of its own), time zone and date format (docs/editions.md).

Editions are configuration, not rows: they change with a deployment (a host, a prefix), every
request needs the current one, and a story's edition is stored as its code
(`Article.edition`). `settings.NEWSROOM_EDITIONS` lists them, the first being the default
edition (served at the site's root when no host is set for it); `NEWSROOM_EDITION_HOSTS`
(environment) gives an edition a host of its own.

An edition's code is its language code (one edition per language, as in Django's LANGUAGES):
the current edition is the active language (`current()`), which is what Django's URL resolver,
`reverse()` and gettext already follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation


@dataclass(frozen=True)
class Edition:
    code: str  # the language code: "en", "vi"
    name: str  # in its own language: "English", "Tiếng Việt"
    prefix: str = ""  # the path prefix ("vi" for /vi/...), "" at the root
    host: str = ""  # a host of its own ("tuoitre.example"), served at its root
    time_zone: str = "Asia/Ho_Chi_Minh"
    # How readers of the edition write a moment: str.format fields day, month, month_name,
    # year, hour, minute, zone (core.dates).
    date_format: str = "{day} {month_name} {year}, {hour:02d}:{minute:02d} {zone}"

    @property
    def language(self) -> str:
        return self.code

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def path_prefix(self) -> str:
        """What its addresses start with on the site's own host: "/vi/" or "/"."""
        if self.host or not self.prefix:
            return "/"
        return f"/{self.prefix}/"

    @property
    def is_default(self) -> bool:
        return self.code == default().code


@cache
def _editions() -> tuple[Edition, ...]:
    hosts = dict(getattr(settings, "NEWSROOM_EDITION_HOSTS", {}))
    found = []
    for entry in settings.NEWSROOM_EDITIONS:
        values = dict(entry)
        values.setdefault("host", hosts.get(values["code"], ""))
        values.setdefault("time_zone", settings.TIME_ZONE)
        found.append(Edition(**values))
    return tuple(found)


@receiver(setting_changed)
def _settings_changed(*, setting: str, **_) -> None:
    # An edition without a time zone of its own takes TIME_ZONE's.
    if setting in {"NEWSROOM_EDITIONS", "NEWSROOM_EDITION_HOSTS", "TIME_ZONE"}:
        from django.urls import clear_url_caches

        _editions.cache_clear()
        _by_code.cache_clear()
        clear_url_caches()  # the URL resolver keeps each language's prefix


def all_editions() -> tuple[Edition, ...]:
    return _editions()


def default() -> Edition:
    return _editions()[0]


def default_code() -> str:
    """The default edition's code (a callable default for model fields)."""
    return default().code


@cache
def _by_code() -> dict[str, Edition]:
    return {edition.code: edition for edition in _editions()}


def get(code: str) -> Edition:
    """The edition with this code (KeyError if there is none)."""
    return _by_code()[code]


def find(code: str | None) -> Edition | None:
    return _by_code().get(code or "")


def current() -> Edition:
    """The edition being served: the active language's, else the default."""
    return _by_code().get(translation.get_language() or "", None) or default()


def choices() -> list[tuple[str, str]]:
    """(code, name) of every edition, for a model field's choices."""
    return [(edition.code, edition.name) for edition in _editions()]


def prefixes() -> set[str]:
    """The path prefixes editions take at the site's root (no section may take one)."""
    return {edition.prefix for edition in _editions() if edition.prefix}


def for_request(host: str, path: str) -> Edition:
    """The edition a request is for: a host's own edition, else the one whose prefix starts the
    path, else the default."""
    editions = _editions()
    for edition in editions:
        if edition.host and edition.host == host:
            return edition
    for edition in editions:
        prefix = f"/{edition.prefix}"
        if (
            edition.prefix
            and not edition.host
            and (path.startswith(f"{prefix}/") or path == prefix)
        ):
            return edition
    return editions[0]
