from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article
from frontpage.models import Breaking, Layout


class LayoutForm(forms.ModelForm):
    # The version the editor opened: a save from an older one is refused, so two editors
    # arranging at once never silently lose one's change.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Layout
        fields = ["edition", "starts_at", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else None

    def clean(self):
        cleaned = super().clean() or {}
        seen = cleaned.get("seen_version")
        if self.instance.pk:
            current = (
                Layout.objects.filter(pk=self.instance.pk)
                .values("version", "changed_by__username", "changed_at")
                .first()
            )
            if current and seen != current["version"]:
                who = current["changed_by__username"] or gettext("Someone")
                when = timezone.localtime(current["changed_at"]).strftime("%H:%M:%S")
                raise forms.ValidationError(
                    gettext(
                        "%(who)s changed this layout at %(when)s, after you opened it. Your "
                        "changes are still in the form: open the layout in another tab to "
                        "compare, then save again from there."
                    )
                    % {"who": who, "when": when},
                    code="conflict",
                )
        return cleaned


class BreakingForm(forms.ModelForm):
    class Meta:
        model = Breaking
        fields = ["article", "starts_at", "ends_at"]

    def clean(self):
        cleaned = super().clean() or {}
        article, starts = cleaned.get("article"), cleaned.get("starts_at")
        ends = cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", gettext("The banner must end after it starts."))
        if article and starts and not self.instance.pk:
            moment = max(starts, timezone.now())
            if not Article.objects.live(at=moment).filter(pk=article.pk).exists():
                self.add_error(
                    "article",
                    gettext(
                        "Only a live story can be breaking news: this one is not live at the "
                        "banner's start. Publish it first."
                    ),
                )
        return cleaned
