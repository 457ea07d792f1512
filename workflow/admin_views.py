"""The admin pages around a story: the workflow panel, moves, revisions and the calendar."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import Article
from core.dates import staff_time, zone_label
from workflow import checks, preview, revisions, transitions, updates, wording
from workflow import states as s
from workflow.forms import MoveForm, UpdateForm
from workflow.models import Event, ScheduledUpdate
from workflow.roles import can_preview, roles_for


def panel_context(request: HttpRequest, article: Article) -> dict:
    allowed = set(transitions.available(article, request.user))
    if "revoke_preview_links" in allowed and not preview.has_links(article.pk):
        allowed.remove("revoke_preview_links")  # nothing to revoke
    roles = roles_for(request.user, article)
    state = s.state_of(article)
    primary = wording.primary_move(state, sorted(allowed), roles)
    events = list(Event.objects.filter(article=article).select_related("actor")[:100])
    report = checks.run(article)
    return {
        "workflow_checks": report,
        "workflow_checks_url": reverse("admin:articles_article_checks", args=[article.pk]),
        "workflow_state": s.state_label(article),
        "workflow_primary": primary,
        "workflow_zone": zone_label(),
        "workflow_history": [
            {
                "event": event,
                "title": wording.event_title(event),
                "change": wording.event_change(event),
                "who": _name(event.actor) if event.actor else "",
                "when": staff_time(event.at, year=True),
            }
            for event in events
        ],
        # A button per move of the table the user may make now, in the table's order, with the
        # inputs its row names.
        "workflow_moves": sorted(
            (
                {
                    "name": name,
                    "label": rule.label,
                    "inputs": rule.inputs,
                    "note_label": rule.note_label,
                    "url": reverse("admin:articles_article_move", args=[article.pk, name]),
                    "note_required": rule.note_required,
                    "primary": name == primary,
                    "dangerous": name in wording.DANGEROUS,
                    "checked": rule.checked,
                }
                for name, rule in transitions.TRANSITIONS.items()
                if rule.button and name in allowed
            ),
            # The next sensible move first; those that take the story from readers last.
            key=lambda move: (not move["primary"], move["dangerous"]),
        ),
        "workflow_preview_url": reverse("workflow:preview", args=[article.pk])
        if can_preview(request.user, article)
        else "",
        "workflow_revisions_url": reverse("admin:articles_article_revisions", args=[article.pk]),
        "can_submit_on_save": "submit" in allowed and "writer" in roles,
        "preview_link_hours": preview.default_hours(),
        **updates_context(request, article),
    }


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def move(model_admin, request: HttpRequest, article: Article, name: str) -> HttpResponse:
    """POST only: make one move through workflow/transitions.py, then back to the story."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    rule = transitions.TRANSITIONS.get(name)
    if rule is None or not rule.button:
        raise PermissionDenied
    form = MoveForm(request.POST)
    back = HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return back
    confirmed = form.cleaned_data["confirm"] or name not in wording.DANGEROUS
    if not confirmed and transitions.may(name, article, request.user):
        messages.error(
            request,
            gettext("“%(move)s” was not made: tick the box to confirm it.") % {"move": rule.label},
        )
        return back
    try:
        outcome = transitions.make(name, article, by=request.user, **form.cleaned_data)
    except transitions.NotPermitted:
        raise
    except (transitions.TransitionError, ValidationError) as error:
        messages.error(request, _message(error))
        return back
    if isinstance(outcome, str):  # "preview_link" gives the link's token
        hours = form.cleaned_data["hours"] or preview.default_hours()
        url = request.build_absolute_uri(reverse("workflow:signed_preview", args=[outcome]))
        messages.success(
            request,
            ngettext(
                "Preview link (valid for %(hours)d hour, no login needed): %(url)s",
                "Preview link (valid for %(hours)d hours, no login needed): %(url)s",
                hours,
            )
            % {"hours": hours, "url": url},
        )
    else:
        messages.success(request, done_message(name, article))
    if name == "submit":
        tell_warnings(request, article)
    return back


# What a move did, said when it is done (the history keeps the rest).
DONE = {
    "submit": _("Submitted for review."),
    "return_to_writer": _("Returned to the writer."),
    "publish_now": _("Published: the story is live."),
    "withdraw": _("Withdrawn: the story is off the site."),
    "reopen": _("Reopened as a draft."),
    "add_correction": _("Correction added under the story."),
    "revoke_preview_links": _("Preview links revoked: the links made so far no longer work."),
    "comment": _("Comment added to the history."),
}


def done_message(name: str, article: Article) -> str:
    if name == "schedule":
        return gettext("Scheduled for %(when)s.") % {"when": _when(article.publish_at)}
    if name in DONE:
        return str(DONE[name])
    return gettext("%(move)s: done.") % {"move": transitions.TRANSITIONS[name].label}


def _when(moment) -> str:
    """ "18:00 GMT+7, 6 December": the newsroom's time, saying which zone it is."""
    return staff_time(moment)


def tell_warnings(request: HttpRequest, article: Article) -> None:
    """After a submission: the warnings that go along to the editor, said once."""
    found = checks.run(article).warnings
    if found:
        count = len(found)
        messages.warning(
            request,
            ngettext(
                "The editor will see %(count)d warning:",
                "The editor will see %(count)d warnings:",
                count,
            )
            % {"count": count}
            + " "
            + " ".join(str(f.message) for f in found),
        )


def live_checks(model_admin, request: HttpRequest, article: Article | None) -> HttpResponse:
    """POST the story form as it is being written: the rules checker's findings as JSON, for
    the checker box to refresh without saving. Nothing is saved."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    story = copy.copy(article) if article is not None else Article()
    for name in ("headline", "kicker", "lead", "body", "dateline"):
        if name in request.POST:
            setattr(story, name, request.POST[name])
    if "hero_image" in request.POST:
        hero = request.POST["hero_image"]
        story.hero_image_id = int(hero) if hero.isdigit() else None
    return JsonResponse(checks.run(story).as_dict())


def revisions_page(model_admin, request: HttpRequest, article: Article) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "article": article,
        "title": gettext("Revisions of “%(story)s”") % {"story": article},
        "history": revisions.history(article),
        "can_restore": transitions.may("restore", article, request.user),
    }
    return render(request, "admin/workflow/revisions.html", context)


def restore_page(
    model_admin, request: HttpRequest, article: Article, version_id: int
) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        revisions.restore_revision(article, version_id, by=request.user)
    except transitions.NotPermitted:
        raise
    except Version.DoesNotExist:
        messages.error(request, gettext("That revision does not belong to this story."))
    except (transitions.TransitionError, ValidationError) as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request, gettext("Revision restored as a new revision. Status and times kept.")
        )
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def calendar(model_admin, request: HttpRequest) -> HttpResponse:
    """The week's scheduled and published stories, by day and hour (newsroom time)."""
    today = timezone.localdate()
    try:
        start = (
            date.fromisoformat(request.GET.get("week", "")) if request.GET.get("week") else today
        )
    except ValueError:
        start = today
    monday = start - timedelta(days=start.weekday())
    begin = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(monday + timedelta(days=7), datetime.min.time()))
    stories = (
        Article.objects.filter(
            status=Article.Status.PUBLISHED, publish_at__gte=begin, publish_at__lt=end
        )
        .select_related("section")
        .order_by("publish_at", "pk")
    )
    by_day: dict[date, dict[int, list]] = {monday + timedelta(days=i): {} for i in range(7)}
    for story in stories:
        local = timezone.localtime(story.publish_at)
        by_day[local.date()].setdefault(local.hour, []).append(
            {"article": story, "time": local, "state": s.state_label(story)}
        )
    days = [
        {"day": day, "hours": sorted(hours.items()), "is_today": day == today}
        for day, hours in by_day.items()
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": gettext("Editorial calendar: week of %(monday)s")
        % {"monday": date_format(monday, "j F Y")},
        "days": days,
        "previous_week": (monday - timedelta(days=7)).isoformat(),
        "next_week": (monday + timedelta(days=7)).isoformat(),
        "this_week": today.isoformat(),
        "count": sum(len(v) for d in by_day.values() for v in d.values()),
    }
    return render(request, "admin/workflow/calendar.html", context)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# --- Scheduled updates (workflow/updates.py) ---------------------------------------------------


def updates_context(request: HttpRequest, article: Article) -> dict:
    """The panel's list of the story's pending updates, and whether the user may add one."""
    rows = []
    for update in updates.pending(article):
        clashes = updates.conflicts(update, article)
        rows.append(
            {
                "update": update,
                "when": staff_time(update.publish_at, year=True),
                "who": _name(update.created_by) if update.created_by else "",
                "fields": ", ".join(updates.field_label(name) for name in updates.changes(update)),
                "story_changed": update.base_version != article.version,
                "conflicts": ", ".join(updates.field_label(name) for name in clashes),
                "edit_url": reverse("admin:articles_article_update", args=[article.pk, update.pk]),
                "cancel_url": reverse(
                    "admin:articles_article_update_cancel", args=[article.pk, update.pk]
                ),
                "preview_url": reverse("workflow:update_preview", args=[article.pk, update.pk]),
            }
        )
    may_schedule = transitions.may("schedule_update", article, request.user)
    return {
        "scheduled_updates": rows,
        "may_cancel_updates": transitions.may("cancel_update", article, request.user),
        "prepare_update_url": reverse("admin:articles_article_update_add", args=[article.pk])
        if may_schedule
        else "",
    }


def update_page(
    model_admin, request: HttpRequest, article: Article, update_id: int | None
) -> HttpResponse:
    """Prepare an update of a live story (or change a pending one): its text, starting from the
    story's text as the update would leave it, and the second it goes out."""
    update = None
    if update_id is not None:
        update = ScheduledUpdate.objects.filter(
            pk=update_id, article=article, state=ScheduledUpdate.State.PENDING
        ).first()
        if update is None:
            messages.error(request, gettext("This update was published or cancelled."))
            return _story(article)
    move = "schedule_update"
    if not transitions.may(move, article, request.user):
        if transitions.EDITOR not in roles_for(request.user, article):
            raise PermissionDenied
        messages.error(request, gettext("Only a live story can take a scheduled update."))
        return _story(article)
    if request.method == "POST":
        form = UpdateForm(request.POST)
        if form.is_valid():
            if update is not None:
                update.version = form.cleaned_data.get("update_version") or 0
            try:
                transitions.schedule_update(
                    article,
                    by=request.user,
                    update=update,
                    fields=form.text(),
                    publish_at=form.cleaned_data["publish_at"],
                    version=form.cleaned_data["version"],
                )
            except transitions.NotPermitted:
                raise
            except ValidationError as error:
                _form_errors(form, error)
            except transitions.StaleText as error:
                form.add_error(None, str(error))
                data = request.POST.copy()
                data["version"] = str(error.current_version)
                form.data = data  # the next save is based on the story as it is now
            except transitions.TransitionError as error:
                form.add_error(None, str(error))
            else:
                when = staff_time(form.cleaned_data["publish_at"])
                messages.success(
                    request,
                    gettext(
                        "Update scheduled for %(when)s. Readers see the current text until then."
                    )
                    % {"when": when},
                )
                return _story(article)
    else:
        text = updates.merged(update, article) if update else updates.snapshot(article)
        initial = {**text, "version": article.version}
        if update is not None:
            initial["publish_at"] = timezone.localtime(update.publish_at).replace(tzinfo=None)
            initial["update_version"] = update.version
        form = UpdateForm(initial=initial)
    clashes = updates.conflicts(update, article) if update else []
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "article": article,
        "update": update,
        "form": form,
        "media": model_admin.media + form.media,
        "zone": zone_label(),
        "story_changed": update is not None and update.base_version != article.version,
        "conflicts": [updates.field_label(name) for name in clashes],
        "title": gettext("Prepare an update of “%(story)s”") % {"story": article},
    }
    # A TemplateResponse: the admin's Content-Security-Policy gives its media (the rich-text
    # editor's import map) the request's nonce (newsroom/csp.py).
    return TemplateResponse(request, "admin/workflow/update_form.html", context)


def update_cancel(
    model_admin, request: HttpRequest, article: Article, update_id: int
) -> HttpResponse:
    """POST only: cancel a pending update; readers never see it."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    update = ScheduledUpdate.objects.filter(pk=update_id, article=article).first()
    if update is None:
        raise Http404
    try:
        transitions.cancel_update(article, by=request.user, update=update)
    except transitions.NotPermitted:
        raise
    except transitions.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            gettext("The update of %(when)s is cancelled: readers will not see it.")
            % {"when": staff_time(update.publish_at)},
        )
    return _story(article)


def _story(article: Article) -> HttpResponse:
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def tell_update_conflicts(request: HttpRequest, article: Article) -> None:
    """After the story is saved: the pending updates that will replace what was just changed."""
    for update in updates.pending(article):
        clashes = updates.conflicts(update, article)
        if clashes:
            messages.warning(
                request,
                gettext(
                    "The update scheduled for %(when)s also changes %(fields)s: at that time its "
                    "text replaces the story's. Open the update to bring your change into it."
                )
                % {
                    "when": staff_time(update.publish_at),
                    "fields": ", ".join(updates.field_label(name) for name in clashes),
                },
            )
