"""The live desk's forms: post or change an entry, end the coverage."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from live.models import Entry
from workflow.forms import BODY_EDITOR
from writers.models import Writer

WHEN_NOW, WHEN_AT = "now", "at"


class EntryForm(forms.ModelForm):
    """A new entry: text, writer (the signed-in journalist's byline first), now or at a time."""

    when = forms.ChoiceField(
        label=_("Publish"),
        choices=[(WHEN_NOW, _("Post now")), (WHEN_AT, _("At the time below"))],
        initial=WHEN_NOW,
        widget=forms.RadioSelect,
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}),
        help_text=_("The newsroom's time, to the second. The entry appears on its own then."),
    )

    class Media:
        css = {"all": ["images/admin.css"]}
        js = ["images/image-chooser.js"]

    class Meta:
        model = Entry
        fields = ["body", "writer", "is_key"]
        widgets = {"body": AdminProseEditorWidget(config=BODY_EDITOR, preset="configurable")}

    def __init__(self, *args, writers=None, **kwargs):
        super().__init__(*args, **kwargs)
        writer_field = self.fields["writer"]
        writer_field.queryset = writers if writers is not None else Writer.objects.none()  # type: ignore[attr-defined]
        writer_field.help_text = _("Journalists sign with a byline of the story.")

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("when") == WHEN_AT and not cleaned.get("publish_at"):
            self.add_error("publish_at", _("Give the time the entry should appear."))
        return cleaned

    def moment(self):
        """The chosen publication time, or None for now."""
        if self.cleaned_data.get("when") == WHEN_AT:
            return self.cleaned_data["publish_at"]
        return None


class EntryChangeForm(forms.ModelForm):
    """A change to an entry, based on the version it was opened at."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"
        ),
    )

    class Media:
        css = {"all": ["images/admin.css"]}
        js = ["images/image-chooser.js"]

    class Meta:
        model = Entry
        fields = ["body", "writer", "is_key", "publish_at", "correction"]
        widgets = {
            "body": AdminProseEditorWidget(config=BODY_EDITOR, preset="configurable"),
            "correction": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, writers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["writer"].queryset = writers  # type: ignore[attr-defined]
        self.fields["expected_version"].initial = self.instance.version
        self.fields["correction"].help_text = _(
            "For a correction readers should see: what was wrong and what is right. It is shown "
            "under the entry with the time it was made. Leave it empty for a typo."
        )


class EndForm(forms.Form):
    closing_summary = forms.CharField(
        label=_("Closing summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown at the top of the page once the coverage ends. Blank lines part paragraphs."
        ),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
