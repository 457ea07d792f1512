"""The live desk (live coverage, docs/live.md): one screen per live coverage story where
journalists post entries quickly and editors start and end the coverage. Every action calls
workflow/live.py, which checks who may.

- The list (Live coverage): the stories in live coverage a person may post to (all, for
  editors). "Add" is an editor starting coverage on a story.
- The desk (a coverage's change page): a text box with the writer preselected (the signed-in
  journalist's byline), "Post now" or "At the time below"; the entries, newest first, with their
  state (scheduled, on the page, withdrawn), each with Change and Withdraw/Restore; for editors,
  End with a closing summary (or Reopen).
- An entry's change page: the text, writer, time, key mark and correction note, saved only over
  the version it was opened at (`workflow.live.Conflict`). Registered by workflow/admin.py.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_prose_editor.widgets import AdminProseEditorWidget

from live.models import Coverage, Entry
from workflow import live as services
from workflow.forms import BODY_EDITOR
from workflow.roles import is_editor, writer_of
from writers.models import Writer

# --- Forms ---------------------------------------------------------------------------------------

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


# --- The admin ---------------------------------------------------------------------------------


def _is_staff(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_staff)


class StartForm(forms.ModelForm):
    class Meta:
        model = Coverage
        fields = ["article"]
        help_texts = {
            "article": _(
                "The story to cover live. Its writers post entries; readers see them while the "
                "story is live."
            )
        }


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    form = StartForm
    list_display = ["article", "state", "entry_count", "started_at", "ended_at"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    search_fields = ["article__headline"]
    ordering = ["-started_at"]

    # --- Who may --------------------------------------------------------------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_staff(request) and (
            is_editor(request.user) or writer_of(request.user) is not None
        )

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return services.may_post(request.user, obj.article)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_staff(request) and is_editor(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # coverage is ended, not deleted: its entries stay on the story

    def get_queryset(self, request: HttpRequest):
        coverages = (
            super()
            .get_queryset(request)
            .annotate(entries_total=Count("entries", filter=Q(entries__withdrawn_at__isnull=True)))
        )
        if is_editor(request.user):
            return coverages
        writer = writer_of(request.user)
        if writer is None:
            return coverages.none()
        return coverages.filter(article__bylines__writer=writer).distinct()

    @admin.display(description=_("state"))
    def state(self, coverage: Coverage) -> str:
        return gettext("Coverage ended") if coverage.is_ended() else gettext("Covering live")

    @admin.display(description=_("entries"))
    def entry_count(self, coverage: Coverage) -> int:
        return coverage.entries_total  # type: ignore[attr-defined]  # annotated

    # --- Starting -------------------------------------------------------------------------

    def save_model(self, request, obj: Coverage, form, change) -> None:
        # Only the add form saves here (the desk has its own actions): start through the service.
        if not change:
            started = services.start(obj.article, request.user)
            obj.pk = started.pk
            obj.started_at = started.started_at

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:live_coverage_change", args=[obj.pk]))

    # --- The desk -------------------------------------------------------------------------

    def get_urls(self):
        def view(func):
            return self.admin_site.admin_view(func)

        return [
            path(
                "<int:pk>/entries/<int:entry_pk>/", view(self.entry_view), name="live_entry_change"
            ),
            path(
                "<int:pk>/entries/<int:entry_pk>/<str:action>/",
                view(require_POST(self.entry_action_view)),
                name="live_entry_action",
            ),
            *super().get_urls(),
        ]

    def _coverage(self, request: HttpRequest, pk) -> Coverage:
        coverage = get_object_or_404(Coverage.objects.select_related("article__section"), pk=pk)
        if not services.may_post(request.user, coverage.article):
            raise PermissionDenied
        return coverage

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise PermissionDenied
        coverage = self._coverage(request, object_id)
        writers = services.writers_for(request.user, coverage.article)
        entry_form = EntryForm(writers=writers, initial={"writer": _own_writer(request, writers)})
        end_form = EndForm(initial={"expected_version": coverage.version})
        conflict = None
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "post":
                entry_form = EntryForm(request.POST, writers=writers)
                if entry_form.is_valid() and self._post(request, coverage, entry_form):
                    return HttpResponseRedirect(request.path)
            elif action == "end":
                end_form = EndForm(request.POST)
                if end_form.is_valid():
                    try:
                        services.end(
                            coverage,
                            request.user,
                            end_form.cleaned_data["closing_summary"],
                            version=end_form.cleaned_data["expected_version"],
                        )
                    except services.Conflict as error:
                        conflict = error
                        end_form.add_error(None, error.message())
                        data = request.POST.copy()
                        data["expected_version"] = str(error.current_version)
                        end_form.data = data
                    except ValidationError as error:
                        end_form.add_error(None, error)
                    else:
                        messages.success(request, gettext("The live coverage has ended."))
                        return HttpResponseRedirect(request.path)
            elif action == "reopen":
                services.start(coverage.article, request.user)
                messages.success(request, gettext("The live coverage is open again."))
                return HttpResponseRedirect(request.path)
        return self._render_desk(request, coverage, entry_form, end_form, conflict)

    def _post(self, request: HttpRequest, coverage: Coverage, form: EntryForm) -> bool:
        try:
            entry = services.post(
                coverage,
                request.user,
                writer=form.cleaned_data["writer"],
                body=form.cleaned_data["body"],
                publish_at=form.moment(),
                is_key=form.cleaned_data.get("is_key", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return False
        if entry.publish_at > timezone.now():
            messages.success(
                request,
                gettext("Entry scheduled for %(time)s.")
                % {"time": timezone.localtime(entry.publish_at).strftime("%H:%M:%S %d/%m/%Y")},
            )
        else:
            messages.success(request, gettext("Entry posted."))
        return True

    def _render_desk(self, request, coverage, entry_form, end_form, conflict) -> HttpResponse:
        now = timezone.now()
        entries = list(
            coverage.entries.select_related("writer", "created_by").order_by("-publish_at", "-pk")
        )
        for entry in entries:
            entry.state = _entry_state(entry, now)
            entry.may_change = services.may_change(request.user, entry)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Live desk: %(story)s") % {"story": coverage.article.headline},
            "coverage": coverage,
            "article": coverage.article,
            "ended": coverage.is_ended(at=now),
            "story_is_live": coverage.article.is_live(at=now),
            "entries": entries,
            "entry_form": entry_form,
            "end_form": end_form if is_editor(request.user) else None,
            "media": self.media + entry_form.media,
            "conflict": conflict,
            "has_view_permission": True,
        }
        # A TemplateResponse: the admin's Content-Security-Policy gives its media (the rich-text
        # editor's import map) the request's nonce (newsroom/csp.py).
        return TemplateResponse(request, "admin/live/coverage/desk.html", context)

    # --- One entry ------------------------------------------------------------------------

    def _entry(self, request: HttpRequest, pk, entry_pk) -> Entry:
        coverage = self._coverage(request, pk)
        entry = get_object_or_404(
            Entry.objects.select_related("writer"), pk=entry_pk, coverage=coverage
        )
        entry.coverage = coverage
        if not services.may_change(request.user, entry):
            raise PermissionDenied
        return entry

    def entry_view(self, request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
        entry = self._entry(request, pk, entry_pk)
        writers = services.writers_for(request.user, entry.coverage.article)
        form = EntryChangeForm(instance=entry, writers=writers)
        conflict = None
        if request.method == "POST":
            form = EntryChangeForm(
                request.POST, instance=Entry.objects.get(pk=entry.pk), writers=writers
            )
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.change(
                        entry,
                        request.user,
                        version=data["expected_version"],
                        writer=data["writer"],
                        body=data["body"],
                        publish_at=data["publish_at"],
                        is_key=data.get("is_key", False),
                        correction=data.get("correction", ""),
                    )
                except services.Conflict as error:
                    conflict = error
                    form.add_error(None, error.message())
                    post = request.POST.copy()
                    post["expected_version"] = str(error.current_version)
                    form.data = post
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, gettext("Entry saved."))
                    return HttpResponseRedirect(reverse("admin:live_coverage_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Change entry"),
            "coverage": entry.coverage,
            "entry": entry,
            "form": form,
            "media": self.media + form.media,
            "conflict": conflict,
        }
        return TemplateResponse(request, "admin/live/coverage/entry_form.html", context)

    def entry_action_view(
        self, request: HttpRequest, pk: int, entry_pk: int, action: str
    ) -> HttpResponse:
        entry = self._entry(request, pk, entry_pk)
        if action == "withdraw":
            services.withdraw(entry, request.user)
            messages.success(request, gettext("Entry withdrawn: readers no longer see it."))
        elif action == "restore":
            services.restore(entry, request.user)
            messages.success(request, gettext("Entry restored."))
        else:
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:live_coverage_change", args=[pk]))


def _own_writer(request: HttpRequest, writers):
    writer = writer_of(request.user)
    if writer is not None and writers.filter(pk=writer.pk).exists():
        return writer.pk
    return None


def _entry_state(entry: Entry, now) -> str:
    if entry.withdrawn_at is not None:
        return gettext("Withdrawn")
    if entry.publish_at > now:
        return gettext("Scheduled")
    return gettext("Published")
