"""Turning a rendered admin change form back into POST data, as a browser would send it."""

from __future__ import annotations


def form_data(response) -> dict[str, str]:
    """The values a browser would post from the admin form in `response` (no changes)."""
    data: dict[str, str] = {}
    form = response.context["adminform"].form
    _add_form(data, form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for sub in formset.forms:
            _add_form(data, sub)
    return data


def _add_form(data: dict[str, str], form) -> None:
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if value is None or value is False:
            continue
        if hasattr(field.widget, "decompress") and not isinstance(value, list | tuple):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = value[0] if value else ""
        else:
            data[bound.html_name] = str(value)
