"""Sections in the admin: one name and description per edition (docs/editions.md). The default
edition's are the model's `name` and `description`; each other edition gets a name and a
description field of its own, built from the configured editions (editions.config), kept in
`Section.names` / `Section.descriptions`. A field left empty falls back to the default's."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from editions import config as editions
from sections.models import Section


def _other_editions() -> list[editions.Edition]:
    return [edition for edition in editions.all_editions() if not edition.is_default]


def name_field(code: str) -> str:
    return f"name_{code}"


def description_field(code: str) -> str:
    return f"description_{code}"


class SectionFormBase(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["name", "slug", "description", "position", "in_navigation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for edition in _other_editions():
            code = edition.code
            self.fields[name_field(code)].initial = self.instance.names.get(code, "")
            self.fields[description_field(code)].initial = self.instance.descriptions.get(code, "")

    def clean(self):
        cleaned = super().clean() or {}
        names, descriptions = dict(self.instance.names), dict(self.instance.descriptions)
        for edition in _other_editions():
            for values, field in [(names, name_field), (descriptions, description_field)]:
                text = (cleaned.get(field(edition.code)) or "").strip()
                if text:
                    values[edition.code] = text
                else:
                    values.pop(edition.code, None)
        self.instance.names, self.instance.descriptions = names, descriptions
        return cleaned


def section_form() -> type[SectionFormBase]:
    """The section form with a name and a description field for each other edition."""
    fields: dict[str, forms.Field] = {}
    for edition in _other_editions():
        fields[name_field(edition.code)] = forms.CharField(
            label=_("Name (%(edition)s)") % {"edition": edition.name},
            max_length=80,
            required=False,
            help_text=_("Leave empty to show the default edition's name."),
        )
        fields[description_field(edition.code)] = forms.CharField(
            label=_("Description (%(edition)s)") % {"edition": edition.name},
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            help_text=_("Leave empty to show the default edition's description."),
        )
    return type("SectionForm", (SectionFormBase,), fields)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "in_navigation"]
    list_editable = ["position", "in_navigation"]
    search_fields = ["name", "slug"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = section_form()
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        others = _other_editions()
        return [
            "name",
            *(name_field(edition.code) for edition in others),
            "slug",
            "description",
            *(description_field(edition.code) for edition in others),
            "position",
            "in_navigation",
        ]
