"""A configuration mistake in the editions is caught when the site starts, not by a reader."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def check_editions(app_configs, **kwargs) -> list[checks.CheckMessage]:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    errors: list[checks.CheckMessage] = []
    languages = {code for code, _name in settings.LANGUAGES}
    editions = list(settings.NEWSROOM_EDITIONS)
    if not editions:
        return [
            checks.Error(
                "NEWSROOM_EDITIONS is empty: the site needs one edition.", id="editions.E001"
            )
        ]
    seen_codes: set[str] = set()
    seen_prefixes: set[str] = set()
    for entry in editions:
        code = entry.get("code", "")
        if code not in languages:
            errors.append(
                checks.Error(
                    f"Edition {code!r} is not a language in LANGUAGES ({sorted(languages)}).",
                    id="editions.E002",
                )
            )
        if code in seen_codes:
            errors.append(checks.Error(f"Edition {code!r} is listed twice.", id="editions.E003"))
        seen_codes.add(code)
        prefix = entry.get("prefix", "")
        if prefix and prefix in seen_prefixes:
            errors.append(
                checks.Error(f"Two editions use the prefix {prefix!r}.", id="editions.E004")
            )
        seen_prefixes.add(prefix)
        try:
            ZoneInfo(entry.get("time_zone", "Asia/Ho_Chi_Minh"))
        except (ZoneInfoNotFoundError, ValueError):
            errors.append(
                checks.Error(
                    f"Edition {code!r}: unknown time zone {entry.get('time_zone')!r}.",
                    id="editions.E005",
                )
            )
    rooted = [e["code"] for e in editions if not e.get("prefix")]
    if len(rooted) > 1:
        hosts = settings.NEWSROOM_EDITION_HOSTS
        without_host = [code for code in rooted if code not in hosts]
        if len(without_host) > 1:
            errors.append(
                checks.Error(
                    f"Editions {without_host} all have no prefix and no host: only one edition "
                    "can be served at the site's root.",
                    id="editions.E006",
                )
            )
    return errors
