"""The templates' `_()`, `gettext()` and `pgettext()`: Jinja2's "newstyle" gettext, with each
message's translation remembered per language.

Jinja2's i18n extension makes `_("Search")` a call through its call protocol to an alias that
calls `gettext` through it again, which calls Django's gettext through it a third time (the
active translation, a context-local lookup), then marks the result safe and formats it: about 80
Python calls for each of the dozen interface strings of every page (docs/performance.md,
"Fewer Python calls on uncached pages"). These do what Jinja2's newstyle functions do for an
autoescaped template (the translation as Markup, always %-formatted with the escaped values,
`context` given to pgettext's format as Jinja2 gives it), with the translation looked up once
per process for each language and message: catalogues are read once per process (Django's
own cache), and cleared here when tests change the settings they come from.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from markupsafe import Markup

from core import rendering

# (language, context, message) -> the translation as Markup. Messages are the templates'
# literals, so this stays small; the bound is a guard against a template translating data.
_found: dict[tuple[str | None, str | None, str], Markup] = {}
LIMIT = 4096


def gettext(message: str, /, **values: Any) -> Markup:
    """`{{ _("More from %(writer)s", writer=name) }}`: the message in the active language,
    with the values escaped."""
    key = (rendering.language(), None, message)
    found = _found.get(key)
    if found is None:
        found = _remember(key, translation.gettext(message))
    return found % values


def pgettext(context: str, message: str, /, **values: Any) -> Markup:
    """`{{ pgettext("front page", "Lead story") }}`: as gettext, in a context."""
    values.setdefault("context", context)
    key = (rendering.language(), context, message)
    found = _found.get(key)
    if found is None:
        found = _remember(key, translation.pgettext(context, message))
    return found % values


def _remember(key: tuple[str | None, str | None, str], text: str) -> Markup:
    if len(_found) >= LIMIT:
        _found.clear()
    found = _found[key] = Markup(text)
    return found


@receiver(setting_changed)
def _settings_changed(*, setting: str, **_) -> None:
    # Django drops its loaded catalogues on these (django.test.signals.language_changed).
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _found.clear()
