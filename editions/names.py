"""An edition as the staff's admin names it: by its language, in the admin's language ("Tiếng
Anh" and "Tiếng Việt" in the Vietnamese admin, "English" and "Vietnamese" in the English one).
Readers see an edition's own name (`Edition.name`, in its own language); staff read every name
in theirs."""

from __future__ import annotations

from django.utils.translation import get_language_info, gettext, gettext_noop

from editions import config

# The languages' names as the project's catalog translates them (Django's own Vietnamese
# catalog says "Tiếng Việt Nam").
NAMES = {"en": gettext_noop("English"), "vi": gettext_noop("Vietnamese")}


def admin_name(code: str) -> str:
    """The edition `code` named in the active language: its language's name, else the
    edition's own name, else the code."""
    if code in NAMES:
        return gettext(NAMES[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        edition = config.find(code)
        return edition.name if edition else code


def admin_choices() -> list[tuple[str, str]]:
    """(code, name in the admin's language) of every edition."""
    return [(edition.code, admin_name(edition.code)) for edition in config.all_editions()]
