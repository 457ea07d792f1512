"""The newsroom's story admin: the workflow panel, history, revisions, locks and the calendar.

`StoryAdmin`, registered here for Article, is the content admin (`articles.admin.ArticleAdmin`:
fields, inlines) with the editorial desk on top. Every status change goes through
workflow/transitions.py; this module only turns clicks into those calls.
"""

from __future__ import annotations

import copy
import logging
from urllib.parse import urlencode

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.admin import ArticleAdmin
from articles.models import Article
from core.dates import zone_label
from editions.names import admin_choices, admin_name
from workflow import (
    admin_translations,
    admin_views,
    autosave,
    editing,
    live_desk,  # noqa: F401  (registers the live desk: live coverage)
    queues,
    transitions,
    translating,
    updates,
)
from workflow import states as s
from workflow.concurrency import lock_message, open_for_editing, release
from workflow.forms import ArticleAdminForm
from workflow.roles import (
    can_edit_content,
    edition_choices,
    editions_of,
    is_editor,
    works_in,
    writer_of,
)
from workflow.writing import WORDS_PER_MINUTE, aids_for

log = logging.getLogger(__name__)

WORKFLOW_READONLY = ["status", "publish_at", "expire_at", "updated_at", "first_published_at"]


class StateFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(s.LABELS.items())

    def queryset(self, request, queryset):
        # The published states are the visibility rule's own querysets, at one moment.
        by_clock = {
            s.SCHEDULED: queryset.scheduled,
            s.LIVE: queryset.live,
            s.EXPIRED: queryset.expired,
        }
        status = {state: status for status, state in s.UNPUBLISHED.items()}
        chosen = self.value() or ""
        if chosen in by_clock:
            return by_clock[chosen](at=timezone.now())
        if chosen in status:
            return queryset.filter(status=status[chosen])
        return queryset


class QueueFilter(admin.SimpleListFilter):
    """The desk's queues (workflow/queues.py): each count on the desk links here."""

    title = "desk"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return list(queues.LABELS.items())

    def queryset(self, request, queryset):
        name = self.value()
        if name in queues.LABELS:
            return queryset.filter(queues.queue(name, timezone.now()))
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = _("whose stories")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("My stories"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            writer = writer_of(request.user)
            return queryset.by_writer(writer) if writer else queryset.none()
        return queryset


class EditionFilter(admin.SimpleListFilter):
    """The editions, named in the admin's language (editions/names.py)."""

    title = _("edition")
    parameter_name = "edition"

    def lookups(self, request, model_admin):
        return admin_choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(edition=self.value())
        return queryset


class SourceChangedFilter(admin.SimpleListFilter):
    """Translations whose original changed since they were made or brought up to date
    (`ArticleQuerySet.source_changed()`): the desk's count links here."""

    title = _("translation")
    parameter_name = "source_changed"

    def lookups(self, request, model_admin):
        return [("1", _("Source changed"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.source_changed()
        return queryset


@admin.register(Article)
class StoryAdmin(ArticleAdmin):
    list_display = [
        "headline", "edition_label", "state_badge", "section", "byline", "publish_at", "priority",
    ]  # fmt: skip
    list_filter = [
        MineFilter, StateFilter, QueueFilter, EditionFilter, SourceChangedFilter,
        *ArticleAdmin.list_filter,
    ]  # fmt: skip
    readonly_fields = [*ArticleAdmin.readonly_fields, "writing_aids"]
    fieldsets = [
        (
            ArticleAdmin.fieldsets[0][0],
            {"fields": ["edition", *ArticleAdmin.fieldsets[0][1]["fields"]]},
        ),
        (_("Length and previews"), {"fields": ["writing_aids"]}),
        *ArticleAdmin.fieldsets[1:],
    ]
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/workflow_change_form.html"
    change_list_template = "admin/articles/article/workflow_change_list.html"
    actions = ["submit_selected", "publish_selected"]

    # --- Permissions: per story and state, on the server ------------------------------------

    def has_add_permission(self, request):
        # A journalist's story must be theirs: without a linked byline they cannot own one.
        return super().has_add_permission(request) and (
            is_editor(request.user) or writer_of(request.user) is not None
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit_content(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return (
            super().has_delete_permission(request, obj)
            and is_editor(request.user)
            and (obj is None or works_in(request.user, obj.edition))
        )

    # --- Deleting: one story at a time, confirmed, with a reason kept in the admin's log ----

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # no bulk delete: each needs its reason
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and self.has_delete_permission(request):
            reason = (request.POST.get("reason") or "").strip()
            if not reason:
                messages.error(request, gettext("Give a reason for deleting the story."))
                return HttpResponseRedirect(request.get_full_path())
            request.deletion_reason = reason
        return super().delete_view(request, object_id, extra_context)

    def log_deletions(self, request, queryset):
        """The admin's log keeps who deleted which story, when, and why (the story's own
        history goes with it)."""
        from django.contrib.admin.models import DELETION, LogEntry

        reason = getattr(request, "deletion_reason", "")
        for story in queryset:
            log.info("Story %s “%s” deleted by %s: %s", story.pk, story, request.user, reason)
        return LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=queryset,
            action_flag=DELETION,
            change_message=f"Deleted. Reason: {reason}" if reason else "",
        )

    def has_publish_permission(self, request):
        return is_editor(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [*WORKFLOW_READONLY, *super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(copy.deepcopy(super().get_fieldsets(request, obj)))
        if obj is not None and self.has_change_permission(request, obj):
            first = fieldsets[0][1]
            first["fields"] = [*first["fields"], "expected_version", "opened_at"]
            if self._may_mark_update(request, obj):
                fieldsets.insert(1, (_("Live story"), {"fields": ["material_change"]}))
            if obj.translation_of_id:
                fieldsets.insert(1, (_("Translation"), {"fields": ["source_caught_up"]}))
        for name, options in fieldsets:
            if name == _("Publication") or name == "Publication":
                options["description"] = gettext("Times in the newsroom’s time zone: %(zone)s.") % {
                    "zone": zone_label()
                }
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.editing_user = request.user  # type: ignore[attr-defined]  # ArticleAdminForm
        if obj is None or not self._may_mark_update(request, obj):
            form.base_fields.pop("material_change", None)
        if obj is None or not obj.translation_of_id:
            form.base_fields.pop("source_caught_up", None)
        field = form.base_fields.get("edition")
        if field is not None:
            # Only the editions the person works in (a story already elsewhere keeps its own,
            # shown, so the form does not change it behind their back).
            choices = [(code, admin_name(code)) for code, _name in edition_choices(request.user)]
            if obj is not None and obj.edition not in {code for code, _name in choices}:
                choices = [*choices, (obj.edition, admin_name(obj.edition))]
            field.choices = choices  # type: ignore[attr-defined]  # a ChoiceField
            field.required = False  # missing: the story's own, or the first choice (the form)
            if obj is None and choices:
                field.initial = choices[0][0]
        return form

    @admin.display(description=_("At a glance"))
    def writing_aids(self, article: Article) -> str:
        """Word count, reading time, and the search-result and social-card previews
        (workflow/writing.py), kept up to date while typing by the form's script."""
        return render_to_string(
            "admin/articles/article/writing_aids.html",
            {"aids": aids_for(article), "words_per_minute": WORDS_PER_MINUTE},
        )

    def _may_mark_update(self, request, obj) -> bool:
        return transitions.may("mark_updated", obj, request.user)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        writer = writer_of(request.user)
        if (
            obj.pk is None
            and writer
            and inline.model.__name__ == "Byline"
            and request.method == "GET"
        ):
            kwargs["initial"] = [{"writer": writer.pk, "position": 0, "role": "reporter"}]
        return kwargs

    # --- Lists ------------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # A journalist lands on their own stories, someone working in one edition on its
        # stories (the filters can be cleared).
        if request.method == "GET" and not request.GET:
            landing = {}
            if not is_editor(request.user) and writer_of(request.user):
                landing["mine"] = "1"
            limit = editions_of(request.user)
            if limit is not None and len(limit) == 1:
                landing["edition"] = next(iter(limit))
            if landing:
                return HttpResponseRedirect(f"{request.path}?{urlencode(landing)}")
        extra_context = {"workflow_zone": zone_label(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        # Whether each story is a translation whose source changed, in the list's own query.
        marked = Article.objects.source_changed().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(is_source_changed=Exists(marked))

    @admin.display(description=_("Edition"), ordering="edition")
    def edition_label(self, article: Article) -> str:
        name = admin_name(article.edition)
        if getattr(article, "is_source_changed", False):
            return format_html(
                '{} <span class="source-changed__mark">{}</span>', name, gettext("Source changed")
            )
        return name

    @admin.display(description=_("State"), ordering="status")
    def state_badge(self, article: Article) -> str:
        state = s.state_of(article)
        return format_html(
            '<span class="state-badge state-badge--{}">{}</span>', state, s.state_label(article)
        )

    @admin.action(description=_("Submit the selected drafts for review"))
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, transitions.submit)

    @admin.action(description=_("Publish the selected stories now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, transitions.publish_now)

    def _bulk(self, request, queryset, move) -> None:
        done, refused = 0, []
        for article in queryset:
            try:
                move(article, by=request.user)
                done += 1
            except (transitions.TransitionError, ValidationError) as error:
                refused.append(f"“{article}”: {_message(error)}")
        if done:
            messages.success(
                request,
                ngettext("%(count)d story done.", "%(count)d stories done.", done)
                % {"count": done},
            )
        for line in refused:
            messages.error(request, line)

    # --- The change form --------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # An update whose second has come is the story's text now: the form starts from it, and
        # a form opened before it is refused on saving (workflow/updates.py).
        updates.publish_due()
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(gettext("Edited in the admin"))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if (
            article is not None
            and request.method == "GET"
            and request.GET.get("autosave") == "restore"
        ):
            # The person's autosaved text in the form, with the version it was written on.
            kept = autosave.pending(article, request.user)
            if kept is not None:
                autosave.apply(kept, article)
                article.restored_autosave = kept
        return article

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None and self.has_view_permission(request, article):
            if request.method == "GET" and self.has_change_permission(request, article):
                other = open_for_editing(article, request.user)
                if other:
                    messages.warning(request, lock_message(other))
                extra_context.update(editing.context(request, article, holder=other))
            extra_context.update(admin_views.panel_context(request, article))
            extra_context.update(admin_translations.context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_submit_on_save": True,
            "workflow_checks_url": reverse("admin:articles_article_checks_new"),
        }
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            expected = form.cleaned_data.get("expected_version")
            obj.version = (expected or obj.version) + 1
            # Reached only by a form that passed the version check: a stale one never clears
            # the mark.
            if form.cleaned_data.get("source_caught_up"):
                translating.bring_up_to_date(obj)
                messages.info(
                    request, gettext("The translation is marked up to date with its source.")
                )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        writer = writer_of(request.user)
        if writer and not is_editor(request.user) and not article.bylines.filter(writer=writer):
            # A journalist's story stays theirs: they remain on its byline.
            article.bylines.create(writer=writer, position=0)
        if change:
            autosave.discard(article, request.user)  # saved: nothing left to offer back
            admin_views.tell_update_conflicts(request, article)
        if not change:
            transitions.record_created(article, by=request.user)
        elif form.cleaned_data.get("material_change"):
            try:
                transitions.mark_updated(article, by=request.user)
            except (transitions.TransitionError, ValidationError) as error:
                messages.error(
                    request,
                    gettext("Saved, but not marked as updated: %(reason)s")
                    % {"reason": _message(error)},
                )
        release(article, request.user)

    def response_add(self, request, obj, post_url_continue=None):
        self._submit_if_asked(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._submit_if_asked(request, obj)
        return super().response_change(request, obj)

    def _submit_if_asked(self, request, obj) -> None:
        if "_submit_for_review" in request.POST:
            try:
                transitions.submit(obj, by=request.user)
            except (transitions.TransitionError, ValidationError) as error:
                messages.error(request, _message(error))
            else:
                messages.success(request, gettext("Submitted for review."))
                admin_views.tell_warnings(request, obj)

    # --- Extra admin pages ------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        extra = [
            path("calendar/", wrap(self.calendar_view), name="articles_article_calendar"),
            path(
                "<int:pk>/workflow/<str:move>/",
                wrap(self.move_view),
                name="articles_article_move",
            ),
            path(
                "<int:pk>/revisions/", wrap(self.revisions_view), name="articles_article_revisions"
            ),
            path("<int:pk>/checks/", wrap(self.checks_view), name="articles_article_checks"),
            path(
                "<int:pk>/editing/<str:action>/",
                wrap(self.editing_view),
                name="articles_article_editing",
            ),
            path("checks/", wrap(self.checks_view), name="articles_article_checks_new"),
            path(
                "<int:pk>/translate/",
                wrap(self.translate_view),
                name="articles_article_translate",
            ),
            path(
                "<int:pk>/revisions/<int:version_id>/restore/",
                wrap(self.restore_view),
                name="articles_article_restore",
            ),
            path(
                "<int:pk>/updates/add/",
                wrap(self.update_view),
                name="articles_article_update_add",
            ),
            path(
                "<int:pk>/updates/<int:update_id>/",
                wrap(self.update_view),
                name="articles_article_update",
            ),
            path(
                "<int:pk>/updates/<int:update_id>/cancel/",
                wrap(self.update_cancel_view),
                name="articles_article_update_cancel",
            ),
        ]
        return extra + super().get_urls()

    def _story_for(self, request: HttpRequest, pk: int) -> Article:
        article = self.get_object(request, str(pk))
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def move_view(self, request: HttpRequest, pk: int, move: str) -> HttpResponse:
        return admin_views.move(self, request, self._story_for(request, pk), move)

    def checks_view(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return admin_views.live_checks(self, request, None)
        article = self._story_for(request, pk)
        return admin_views.live_checks(self, request, article)

    def editing_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        article = self._story_for(request, pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return editing.dispatch(request, article, action)

    def translate_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return admin_translations.translate(request, self._story_for(request, pk))

    def revisions_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return admin_views.revisions_page(self, request, self._story_for(request, pk))

    def restore_view(self, request: HttpRequest, pk: int, version_id: int) -> HttpResponse:
        return admin_views.restore_page(self, request, self._story_for(request, pk), version_id)

    def update_view(
        self, request: HttpRequest, pk: int, update_id: int | None = None
    ) -> HttpResponse:
        article = self._story_for(request, pk)
        return admin_views.update_page(self, request, article, update_id)

    def update_cancel_view(self, request: HttpRequest, pk: int, update_id: int) -> HttpResponse:
        article = self._story_for(request, pk)
        return admin_views.update_cancel(self, request, article, update_id)

    def calendar_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return admin_views.calendar(self, request)


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
