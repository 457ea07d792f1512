"""`makemessages` that reads the reader's Jinja2 templates too (public/jinja2/).

Django's makemessages turns a template into Python for xgettext with its own template parser,
which knows `{% translate %}` but not Jinja2's `{{ _("...") }}` with variables, `{% trans %}`
blocks or `ngettext()`. For a template under a `jinja2/` directory this reads the strings with
Jinja2's own extractor (`Environment.extract_translations`, which the i18n extension adds; no
Babel needed) and writes them as `gettext()` / `ngettext()` / `pgettext()` calls on the lines
they came from, so the catalog's references point at the template's lines. Every other file goes
the usual way (docs/translations.md, "Reader pages").
"""

from __future__ import annotations

import os

from django.core.management.commands import makemessages
from jinja2 import Environment

_JINJA = Environment(extensions=["jinja2.ext.i18n"])
_DIRECTORY = f"{os.sep}jinja2{os.sep}"


def python_calls(source: str) -> str:
    """The template's translatable strings as Python calls, each on its template line."""
    lines = [""] * (source.count("\n") + 1)
    for lineno, function, message in _JINJA.extract_translations(source):  # type: ignore[attr-defined]
        strings = message if isinstance(message, tuple) else (message,)
        arguments = ", ".join(repr(text) for text in strings if text is not None)
        if function in {"ngettext", "npgettext"}:
            arguments += ", n"
        call = {"_": "gettext", "trans": "gettext"}.get(function, function)
        lines[lineno - 1] += f"{call}({arguments}); "
    return "\n".join(lines) + "\n"


class JinjaBuildFile(makemessages.BuildFile):
    @property
    def is_jinja(self) -> bool:
        return self.domain == "django" and _DIRECTORY in f"{os.sep}{self.path}"

    def preprocess(self) -> None:
        if not self.is_jinja:
            return super().preprocess()
        with open(self.path, encoding="utf-8") as source:
            content = python_calls(source.read())
        with open(self.work_path, "w", encoding="utf-8") as work:
            work.write(content)


class Command(makemessages.Command):
    build_file_class = JinjaBuildFile
