"""The public templates' environment (public/environment.py, public/i18n.py, core/rendering.py):
its faster `_()`, `pgettext()`, `static()`, template globals, per-render language and printing
of values write what Jinja2's and Django's own do."""

import importlib.metadata
from datetime import UTC, datetime
from unittest import mock

import jinja2
import pytest
from django.template import engines
from django.templatetags.static import static as django_static
from django.test import override_settings
from django.urls import set_script_prefix
from django.utils import translation
from jinja2 import Environment
from markupsafe import Markup, escape

from public.cards import section_links
from public.environment import escaped, static
from tests.factories import SectionFactory

TEMPLATES = [
    '{{ _("Search") }}',
    '{{ gettext("Sections") }}',
    '{{ _("More from %(writer)s", writer=name) }}',  # the value escaped, the message not
    '{{ _("100%% <b>%(writer)s</b>", writer=name) }}',  # no catalogue entry; %% formatted
    '{{ _("Plain 100%%") }}',  # formatted even without values, as Jinja2's newstyle does
    '{{ pgettext("front page", "Lead story") }}',  # the context chooses the translation
    '{{ pgettext("language switch", "Read in English") }}',
    '{{ pgettext("front page", "Lead story %(context)s") }}',  # Jinja2 gives it `context`
]


def _jinja2_newstyle() -> Environment:
    """Jinja2's own newstyle gettext over Django's translation, autoescaped like the site's."""
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translation, newstyle=True)  # type: ignore[attr-defined]
    return env


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("source", TEMPLATES)
def test_interface_strings_are_written_as_jinja2s_newstyle_gettext_writes_them(language, source):
    values = {"name": "<i>Hà</i> & Co"}
    with translation.override(language):
        expected = _jinja2_newstyle().from_string(source).render(values)
        for _ in range(2):  # the second time from what the first remembered
            assert engines["jinja2"].env.from_string(source).render(values) == expected


def test_each_language_has_its_own_translation_of_a_message():
    template = engines["jinja2"].env.from_string(
        '{{ _("Search") }}|{{ pgettext("front page", "Lead story") }}'
    )
    seen = []
    for language in ["en", "vi", "en", "vi"]:
        with translation.override(language):
            seen.append(template.render())
    assert seen == ["Search|Lead story", "Tìm kiếm|Tin chính"] * 2


def test_a_missing_value_fails_as_with_jinja2():
    template = engines["jinja2"].env.from_string('{{ _("More from %(writer)s") }}')
    with pytest.raises(KeyError):
        template.render()


def test_static_addresses_are_djangos():
    for path in ["css/site.css", "favicon.ico", "js/most-read.js"]:
        assert static(path) == django_static(path)


def test_static_addresses_follow_the_settings():
    before = static("css/site.css")
    with override_settings(STATIC_URL="/elsewhere/"):
        assert static("css/site.css") == django_static("css/site.css")
        assert static("css/site.css").startswith("/elsewhere/")
    assert static("css/site.css") == before


def test_templates_are_given_their_globals_as_a_dict():
    """Importing macros compares global names with the imported template's: a dict's keys do it
    in C, Jinja2's ChainMap one Python call per name (public.environment.PublicEnvironment)."""
    env = engines["jinja2"].env
    template = env.get_template("includes/cards.html")
    assert type(template.globals) is dict
    assert template.globals["url"] is env.globals["url"]
    assert template.globals["_"] is env.globals["_"]


def test_jinja2_is_the_version_the_globals_were_checked_against():
    """PublicEnvironment.make_globals relies on Jinja2 3.1's import code
    (Template._get_default_module) and on no global being added after a template loads: check
    both again when upgrading, then change the version here."""
    assert jinja2.__version__ == "3.1.6"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "vi"])
def test_section_links_are_the_sections_names_and_addresses_in_the_edition(language):
    world = SectionFactory(name="World", slug="world", names={"vi": "Thế giới"})
    sport = SectionFactory(name="Sport", slug="sport")  # no Vietnamese name: the English one
    with translation.override(language):
        links = section_links([world, sport])
        assert [(link.pk, link.slug) for link in links] == [
            (world.pk, "world"),
            (sport.pk, "sport"),
        ]
        assert [link.url for link in links] == [world.get_absolute_url(), sport.get_absolute_url()]
        assert [link.local_name for link in links] == [world.local_name, sport.local_name]
    prefix = "/vi" if language == "vi" else ""
    assert [link.url for link in links] == [f"{prefix}/world/", f"{prefix}/sport/"]
    assert links[0].local_name == ("Thế giới" if language == "vi" else "World")


# A template writing a time, addresses and interface strings, as every reader's page does.
RENDERED = (
    "{{ at|time_tag }}|{{ url('articles:home') }}|{{ url('sections:detail', slug='world') }}"
    '|{{ _("Search") }}|{{ pgettext("front page", "Lead story") }}|{{ at|time_tag }}'
)


def _written_by_python() -> str:
    """What RENDERED writes, each part from the functions Python code calls."""
    from core.dates import time_tag
    from core.urls import reverse
    from public import i18n

    at = datetime(2024, 11, 18, 2, 30, tzinfo=UTC)
    return (
        f"{time_tag(at)}|{reverse('articles:home')}|{reverse('sections:detail', slug='world')}"
        f"|{i18n.gettext('Search')}|{i18n.pgettext('front page', 'Lead story')}|{time_tag(at)}"
    )


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_render_writes_times_addresses_and_strings_in_the_active_language(language):
    template = engines["jinja2"].env.from_string(RENDERED)
    at = datetime(2024, 11, 18, 2, 30, tzinfo=UTC)
    with translation.override(language):
        assert template.render({"at": at}) == _written_by_python()
    with translation.override(language):
        set_script_prefix("/news/")  # a site served under a path
        try:
            written = template.render({"at": at})
            assert written == _written_by_python()
            assert "|/news/" in written
        finally:
            set_script_prefix("/")


def test_a_render_asks_django_for_the_active_language_once():
    """core.rendering: the times, addresses and strings of one render share one lookup."""
    template = engines["jinja2"].env.from_string(RENDERED)
    context = {"at": datetime(2024, 11, 18, 2, 30, tzinfo=UTC)}
    template.render(context)  # what is remembered per process (addresses, translations)
    with mock.patch.object(
        translation, "get_language", wraps=translation.get_language
    ) as get_language:
        template.render(context)
    assert get_language.call_count == 1


def test_a_render_inside_another_language_takes_that_language():
    """A template rendered under translation.override (the most-read list, a preview) while
    another render is under way writes in the override's language, and the outer render
    goes on in its own."""
    env = engines["jinja2"].env
    inner = env.from_string('{{ _("Search") }}')

    def in_vietnamese() -> str:
        with translation.override("vi"):
            return inner.render()

    outer = env.from_string('{{ _("Search") }}|{{ nested() }}|{{ _("Search") }}')
    with translation.override("en"):
        assert outer.render({"nested": in_vietnamese}) == "Search|Tìm kiếm|Search"


class Shown:
    """A value with its own HTML (as Markup and Django's SafeString have)."""

    def __html__(self) -> str:
        return "<b>shown</b>"


PRINTED = [
    "plain & <simple>",
    "quotes \"double\" and 'single'",
    "",
    Markup("<i>safe</i>"),
    Shown(),
    42,
    3.5,
    None,
    ["a<b"],
]


@pytest.mark.parametrize("value", PRINTED)
def test_a_printed_value_is_escaped_as_markupsafe_escapes_it(value):
    assert escaped(value) == str(escape(value))


PRINTING = [
    "{{ value }}|{{ value ~ '<' }}|{{ value is none }}",
    "{% macro m(v) %}<{{ v }}>{% endmacro %}{{ m(value) }}|{{ m(value)|length }}",
    "{% set block %}[{{ value }}]{% endset %}{{ block }}|{{ block|upper }}",
    "{% filter upper %}{{ value }}{% endfilter %}",
    "{% autoescape false %}{{ value }}{% endautoescape %}|{{ value|safe }}|{{ value|e }}",
]


@pytest.mark.parametrize("source", PRINTING)
@pytest.mark.parametrize("value", PRINTED)
def test_templates_print_values_as_jinja2_does(source, value):
    """public.environment.PublicCodeGenerator: the same output as Jinja2's own code."""
    stock = Environment(autoescape=True).from_string(source)
    assert engines["jinja2"].env.from_string(source).render(value=value) == stock.render(
        value=value
    )


def test_markupsafe_is_the_version_escaped_was_checked_against():
    """`escaped()` calls markupsafe's own `_escape_inner` (not public API) and the code
    generator overrides Jinja2's `_output_child_pre`: check both again when upgrading (and
    Jinja2's version above), then change the version here."""
    assert importlib.metadata.version("markupsafe") == "3.0.4"


def test_templates_print_values_without_wrapping_each_in_markup():
    """Each value a public template prints is escaped by `escaped()`, not markupsafe's
    `escape()`, which makes every result a Markup (a second Python call per value)."""
    code = engines["jinja2"].env.compile("<p>{{ value }}</p>", raw=True)
    assert "environment.escaped(" in code
    assert "escape(" not in code.replace("environment.escaped(", "")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("en", "World|en"), ("vi", "Thế giới|vi")])
def test_a_sections_name_and_the_edition_in_a_render_share_its_language(language, expected):
    """core.rendering.edition(): Section.local_name and the `edition()` global, asked many
    times a page, take the language the render read (core.rendering)."""
    world = SectionFactory(name="World", names={"vi": "Thế giới"})
    template = engines["jinja2"].env.from_string(
        "{{ section.local_name }}|{{ edition().code }}{{ section.local_name }}"
    )
    with translation.override(language):
        assert template.render({"section": world}) == expected + world.local_name
        with mock.patch.object(
            translation, "get_language", wraps=translation.get_language
        ) as get_language:
            template.render({"section": world})
    assert get_language.call_count == 1
