"""The story form in the admin: the rich-text body, the version it was based on, and the
editor's "material change" box."""

from __future__ import annotations

import contextlib
from datetime import datetime

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.body import check_submitted
from articles.models import Article
from workflow import autosave
from workflow.concurrency import check_version, taken_over_message, taken_over_since
from workflow.models import ScheduledUpdate
from workflow.updates import UPDATE_FIELDS

# The toolbar: headings, bold/italic, links, lists and quotes. Whatever the browser sends, the
# body is sanitised on the server against core/html.py's allowlist when the story is saved.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "Link": {"enableTarget": False},
        "HardBreak": True,
        "History": True,
        # Pictures from the library and embeds (static/workflow/body-editor.js; the server
        # checks what they write: core/html.py, articles/body.py).
        "NewsroomPicture": {
            "chooserUrl": reverse_lazy("admin:images_image_choose"),
            "uploadUrl": reverse_lazy("admin:images_image_choose_upload"),
            "previewUrl": reverse_lazy("admin:images_image_preview", kwargs={"pk": 0}),
        },
        "NewsroomEmbed": True,
    }
}


BODY_HELP = _(
    "Paragraphs, subheadings, links, lists and quotes; pictures from the library and videos or "
    "posts from YouTube, X, Facebook and TikTok with the toolbar's buttons. Anything else "
    "(scripts, styles, frames) is removed when the story is saved."
)


class ArticleAdminForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # When this page was opened (ISO, UTC): a lock taken over from its user after that makes
    # its save stale (workflow/concurrency.py).
    opened_at = forms.CharField(widget=forms.HiddenInput, required=False)
    editing_user = None  # set by the admin's get_form()
    material_change = forms.BooleanField(
        required=False,
        label=_("Material change"),
        help_text=_(
            "Tick for a change readers should know about: the story shows a new "
            "“Updated” time. Leave it for typos and small fixes."
        ),
    )

    # On a translation: ticked by the translator once the text says what the original says
    # now; a successful save clears the "source changed" mark (workflow/translating.py).
    source_caught_up = forms.BooleanField(
        required=False,
        label=_("I have brought this translation up to date with the source"),
        help_text=_(
            "Tick when this text says what the original says now: saving clears the “Source "
            "changed” mark and keeps the original as it is now to compare with next time."
        ),
    )

    class Media:
        # The chooser the body's Picture button opens (the hero image's field loads it too).
        css = {"all": ["images/admin.css"]}
        js = ["images/image-chooser.js", "workflow/writing-aids.js"]

    class Meta:
        model = Article
        # The admin passes the fields of its fieldsets; these are the ones this form relies on.
        fields = ["headline", "lead", "body"]
        widgets = {"body": AdminProseEditorWidget(config=BODY_EDITOR, preset="configurable")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            self.fields["opened_at"].initial = timezone.now().isoformat()
        if "body" in self.fields:
            self.fields["body"].help_text = BODY_HELP
        self.conflict = None

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body", "")
        errors = check_submitted(body)
        if errors:
            raise forms.ValidationError(errors)
        return body

    def clean_edition(self) -> str:
        """A story's edition changes only while it is unlinked and was never published: a
        translation (or an original with translations) would lose its link's sense, and a
        published story its address and its readers."""
        story = self.instance
        # A post without the field (a crafted one) keeps the story's edition, or takes the
        # form's default for a new story.
        edition = self.cleaned_data.get("edition") or ""
        if not edition:
            edition = story.edition if story.pk else self.fields["edition"].initial or ""
        if not story.pk or edition == story.edition:
            return edition
        if story.translation_of_id or story.translations.exists():
            raise forms.ValidationError(
                _(
                    "This story is linked to its version in another edition (a translation or "
                    "its original): changing its edition would break that link. Keep the "
                    "edition; to have the story in another edition, translate it."
                ),
                code="linked",
            )
        if story.first_published_at or story.status == Article.Status.PUBLISHED:
            raise forms.ValidationError(
                _(
                    "A story that has been published keeps its edition: its address and its "
                    "readers are there. Translate it into the other edition instead."
                ),
                code="published",
            )
        return edition

    def clean(self):
        cleaned = super().clean() or {}
        if self.instance.pk:
            expected = cleaned.get("expected_version")
            conflict = check_version(self.instance.pk, expected)
            if conflict:
                self.conflict = conflict
                self._keep_text(expected)
                # The next save, once the writer has taken the other changes in, is based on
                # the version they have now seen.
                data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict: a mutable copy
                data[self.add_prefix("expected_version")] = conflict.current_version
                self.data = data
                raise forms.ValidationError(conflict.message(), code="stale")
            taker = taken_over_since(self.instance.pk, self.editing_user, self._opened_at())
            if taker is not None:
                self._keep_text(expected)
                raise forms.ValidationError(taken_over_message(taker), code="taken_over")
        return cleaned

    def _opened_at(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.cleaned_data.get("opened_at") or "")
        except ValueError:
            return None

    def _keep_text(self, base_version: int | None) -> None:
        """A refused save's text also goes to its writer's autosave (besides the form)."""
        user = self.editing_user
        if user is None or not user.is_authenticated:
            return
        text = {
            name: self.data.get(self.add_prefix(name))
            for name in autosave.FIELDS
            if self.data.get(self.add_prefix(name)) is not None
        }
        with contextlib.suppress(autosave.TooLarge):  # then the text is only in the form
            autosave.keep(self.instance, user, text, base_version=base_version or 0)


class MoveForm(forms.Form):
    """The inputs of a workflow panel button: every field a move may take
    (workflow.transitions.INPUTS, but `fields`), each optional here; the move checks what it
    needs."""

    publish_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    expire_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note = forms.CharField(required=False, widget=forms.Textarea)
    hours = forms.IntegerField(required=False, min_value=1, max_value=24 * 30)
    # Ticked to confirm a move that takes a story away from readers (workflow.wording.DANGEROUS).
    confirm = forms.BooleanField(required=False)
    # "Publish anyway past N warnings": how many of the rules checker's warnings the editor saw.
    past_warnings = forms.IntegerField(required=False, min_value=0)

    def clean_publish_at(self) -> datetime | None:
        return _aware(self.cleaned_data.get("publish_at"))

    def clean_expire_at(self) -> datetime | None:
        return _aware(self.cleaned_data.get("expire_at"))


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


class UpdateForm(forms.ModelForm):
    """A scheduled update of a live story: its new text and the second it goes out
    (workflow/updates.py). `version` is the story's version the text was written on,
    `update_version` the update's (when changing one): the move refuses a stale text."""

    publish_at = forms.DateTimeField(
        label=_("Publish the update at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}),
        help_text=_("To the second. Readers see the current text until then."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    update_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Media:
        css = {"all": ["images/admin.css"]}
        js = ["images/image-chooser.js"]

    class Meta:
        model = ScheduledUpdate
        fields = [*UPDATE_FIELDS, "publish_at"]
        widgets = {
            "body": AdminProseEditorWidget(config=BODY_EDITOR, preset="configurable"),
            "lead": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = BODY_HELP

    def clean_publish_at(self) -> datetime | None:
        return _aware(self.cleaned_data.get("publish_at"))

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body", "")
        errors = check_submitted(body)
        if errors:
            raise forms.ValidationError(errors)
        return body

    def text(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in UPDATE_FIELDS}
