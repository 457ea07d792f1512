"""The Jinja2 environment of the public site's templates (public/jinja2/).

Readers' pages are rendered by Jinja2, which compiles a template to Python once per process;
Django's template language interprets each variable lookup and `{% include %}` on every render,
which made it the largest part of a page's time (docs/performance.md, "Templates"). The admin
keeps Django's templates (templates/). Autoescaping is on (Django's Jinja2 backend turns it on):
markup lives in the templates, and every value they print is escaped unless it is Markup.

What the templates may call, beyond Jinja2's own filters: `url()` and `static()` as in Django's
tags; `metadata`, the page metadata builders (public/metadata.py: `metadata.article(request,
article)`...); the `time_tag` filter; `jsonld` for structured data; and `querystring()` for
links that change the query string; `most_read_marker`, where a page shows the most-read list
(public/most_read.py); `section_links()`, sections with their names and addresses in the
edition (public/cards.py). Story cards and pictures are macros
(public/jinja2/includes/cards.html). `_()`, `gettext()` and `pgettext()` are Jinja2's newstyle
gettext, remembered per language (public/i18n.py); `static()` is Django's, remembered per path.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from functools import lru_cache
from typing import Any

import markupsafe
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static as django_static
from django.utils import formats, translation
from jinja2 import Environment, Template
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from markupsafe import Markup, escape

from core import dates, rendering
from core.urls import reverse
from editions.config import all_editions
from public import i18n, metadata
from public.cards import section_links
from public.jsonld import jsonld
from public.most_read import marker_for


class PublicTemplate(Template):
    """Jinja2's Template, whose render reads the active language and the script prefix once for
    all the times, addresses and interface strings it writes (core.rendering says why)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with rendering.rendering():
            return super().render(*args, **kwargs)


# markupsafe's escape() without its Markup: its own, compiled escaping of a str (not public API:
# tests/test_public_environment.py pins the version).
_escape_inner = markupsafe._escape_inner  # type: ignore[attr-defined]


def escaped(value: Any) -> str:
    """A value a template prints, escaped: what markupsafe's `escape()` writes, as a plain
    string when the value is one (the most common case by far), and Markup (a time tag, a
    macro's output, an interface string) as it is. `escape()` wraps every result
    in Markup, a second Python call (Markup.__new__) for each of the hundreds of values a page
    prints, which the output, joined into one string, does not need."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:  # already safe: escape() would make a copy through three Python calls
        return value
    return escape(value)


class PublicCodeGenerator(CodeGenerator):
    """Jinja2's code generator, printing each value of an autoescaped template through
    `escaped()` instead of markupsafe's `escape()` (Environment.code_generator_class is Jinja2's
    hook for changing the code a template compiles to). Only where Jinja2 writes `escape(` for
    a value it prints, whose result goes straight into the output: a macro's or block's output
    is still made Markup as a whole, as Jinja2 does."""

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escaped(")
        if finalize.src is not None:
            self.write(finalize.src)


class PublicEnvironment(Environment):
    """Jinja2's Environment, giving each template its globals as a plain dict.

    Jinja2 (3.1) gives a template a ChainMap of its own globals and the environment's, and every
    `{% from "includes/cards.html" import cards %}` compares the rendering context's global
    names with the imported template's (`Template._get_default_module`: a set minus the
    ChainMap's keys, one `in` through the ChainMap per name, some 120 Python calls per import
    and seven imports on an article page). With a dict the same comparison runs in C. The
    difference: a global added to the environment after a template is loaded is not seen by
    that template, which Jinja2's documentation already says not to do; `environment()` sets
    every global before any template loads. tests/test_public_environment.py pins the Jinja2
    version this was checked against.
    """

    template_class = PublicTemplate
    code_generator_class = PublicCodeGenerator
    escaped = staticmethod(escaped)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


@lru_cache(maxsize=256)
def static(path: str) -> str:
    """Django's `static()`, remembered per path: the address depends only on the static files
    storage and its settings (a hashed name read from the manifest once per process), and
    Django's costs some 80 Python calls (the storage's `url()`, `urljoin`, quoting), for the
    five static files of every page. Cleared when tests change settings."""
    return django_static(path)


@receiver(setting_changed)
def _settings_changed(**_) -> None:
    static.cache_clear()  # STATIC_URL, STORAGES, DEBUG (the manifest's names) among others


def querystring(request, **changes) -> str:
    """The current query string with `changes` (None removes a parameter), as a relative link
    ("?q=ha&page=2"), like Django's `{% querystring %}` tag."""
    query = request.GET.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return f"?{query.urlencode()}" if query else "?"


def number(value: int) -> str:
    """A count as the edition's readers write it: 1,234 in English, 1.234 in Vietnamese."""
    # Django's Vietnamese format groups no digits, which Vietnamese newspapers do (1.234).
    return f"{value:,}".replace(",", formats.get_format("THOUSAND_SEPARATOR"))


def environment(**options: Any) -> Environment:
    # Interface strings in the edition's language: `{{ _("Related news") }}`, with values as
    # named placeholders, `{{ _("More from %(writer)s", writer=name) }}`, escaped as any value
    # (newstyle gettext; docs/translations.md, "Reader pages").
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.i18n"]
    env = PublicEnvironment(**options)
    env.install_gettext_translations(translation, newstyle=True)  # type: ignore[attr-defined]
    # The same functions for autoescaped templates, each message's translation remembered per
    # language (public/i18n.py); ngettext (one use, the search page) stays Jinja2's.
    if env.autoescape is not True:
        raise ImproperlyConfigured("public.i18n writes Markup: the public templates autoescape")
    env.globals.update(_=i18n.gettext, gettext=i18n.gettext, pgettext=i18n.pgettext)
    env.globals.update(url=reverse, static=static, querystring=querystring, metadata=metadata)
    # The edition being served (editions.config.current): `<html lang>`, the 500 page's link.
    env.globals.update(edition=rendering.edition, number=number)
    # The navigation's and the home page's sections, with their names and addresses read once.
    env.globals.update(section_links=section_links)
    # Where a page shows its edition's most-read list, spliced in when the page is answered.
    markers = {edition.code: Markup(marker_for(edition.code)) for edition in all_editions()}
    env.globals["most_read_marker"] = lambda: markers.get(rendering.edition().code, "")
    env.filters.update(time_tag=dates.time_tag, jsonld=jsonld)
    return env
