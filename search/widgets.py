"""Form widgets and choice fields of the search page."""

from __future__ import annotations

from datetime import date
from html import escape

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe

from editions import config as editions
from sections.models import Section, name_in


def _text(value: object) -> str:
    """Escaped for HTML, unless it is already safe markup."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


class PlainSelect(forms.Select):
    """Django's `<select>` markup, with the options written in Python instead of one template
    include each. The search form lists every writer (hundreds in a newsroom), and rendering
    their options through the template engine cost more than the search itself. No optgroups:
    the search form has none."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = "\n".join(
            f'<option value="{_text(option["value"])}"'
            f"{' selected' if option['selected'] else ''}>{_text(option['label'])}</option>"
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        select = f'<select name="{_text(widget["name"])}"{flatatt(widget["attrs"])}>'
        return mark_safe(f"{select}\n{options}\n</select>")  # every part is escaped above


class DatePicker(forms.DateInput):
    """`<input type="date">`. Its value must be a valid date (yyyy-mm-dd) or nothing: a
    malformed date typed into the address is an error under the field, not echoed into the
    input (a browser would blank it anyway)."""

    input_type = "date"

    def format_value(self, value) -> str | None:
        if value and not isinstance(value, date):
            try:  # what the form accepts as a date (DATE_INPUT_FORMATS), else nothing
                value = forms.DateField().to_python(value)
            except ValidationError:
                return None
        return value.isoformat() if value else None


class NameChoiceIterator(ModelChoiceIterator):
    """The choices as (value, name) rows, without a model instance for each: for models whose
    label is their `name` (writers, sections)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        value = self.field.to_field_name or "pk"
        if self.queryset.model is not Section:
            yield from self.queryset.values_list(value, "name")
            return
        # A section's name in the page's edition (Section.names).
        code = editions.current().code
        for key, name, names in self.queryset.values_list(value, "name", "names"):
            yield (key, name_in(name, names, code))


class NamedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = NameChoiceIterator


class NamedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice whose options are read as (value, name) rows and written by PlainSelect."""

    field_class = NamedModelChoiceField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", PlainSelect)
        super().__init__(*args, **kwargs)
