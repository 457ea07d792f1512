"""The task results of the database backend in the admin, for staff: what failed for good, with
its error, and "Run again". django-tasks-db's own admin (read only) is kept, with these added."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from background.tasks import ATTEMPT, Retrying, enqueue

RETRYING = f"{Retrying.__module__}.{Retrying.__qualname__}"
FAILED = Q(status=TaskResultStatus.FAILED)
RETRIED = FAILED & Q(exception_class_path=RETRYING)


class OutcomeFilter(admin.SimpleListFilter):
    title = _("outcome")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("Failed for good")),
            ("retried", _("Failed, tried again")),
            ("waiting", _("Waiting")),
            ("running", _("Running")),
            ("done", _("Done")),
        ]

    def queryset(self, request, queryset):
        choice = self.value()
        if choice == "failed":
            return queryset.filter(FAILED).exclude(RETRIED)
        if choice == "retried":
            return queryset.filter(RETRIED)
        statuses = {"waiting": "READY", "running": "RUNNING", "done": "SUCCESSFUL"}
        if choice in statuses:
            return queryset.filter(status=statuses[choice])
        return queryset


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ["task_name", "outcome", "attempt", "arguments", "error", "enqueued_at",
                    "finished_at"]  # type: ignore[assignment]  # fmt: skip
    list_filter = [OutcomeFilter, "task_path", "queue_name"]  # type: ignore[assignment]
    search_fields = ["task_path", "exception_class_path", "traceback"]
    actions = ["run_again"]

    @admin.display(description=_("Outcome"), ordering="status")
    def outcome(self, result: DBTaskResult) -> str:
        if result.status == TaskResultStatus.FAILED:
            return (
                gettext("Failed, tried again")
                if result.exception_class_path == RETRYING
                else gettext("Failed")
            )
        labels = {"READY": _("Waiting"), "RUNNING": _("Running"), "SUCCESSFUL": _("Done")}
        return str(labels[result.status])

    @admin.display(description=_("Attempt"))
    def attempt(self, result: DBTaskResult) -> int:
        return result.args_kwargs.get("kwargs", {}).get(ATTEMPT, 1)

    @admin.display(description=_("Arguments"))
    def arguments(self, result: DBTaskResult) -> str:
        kwargs = {k: v for k, v in result.args_kwargs.get("kwargs", {}).items() if k != ATTEMPT}
        parts = [repr(a) for a in result.args_kwargs.get("args", [])]
        return ", ".join(parts + [f"{k}={v!r}" for k, v in kwargs.items()])

    @admin.display(description=_("Error"))
    def error(self, result: DBTaskResult) -> str:
        """The error's last line (the traceback is on the result's page)."""
        lines = [line for line in result.traceback.splitlines() if line.strip()]
        return lines[-1][:200] if lines else ""

    @admin.action(description=_("Run the selected tasks again"), permissions=["view"])
    def run_again(self, request: HttpRequest, queryset: QuerySet[DBTaskResult]) -> None:
        """A new task with the same arguments, tried afresh (attempt 1)."""
        queued = 0
        for result in queryset.filter(FAILED):
            kwargs = {k: v for k, v in result.args_kwargs["kwargs"].items() if k != ATTEMPT}
            task = replace(result.task, run_after=None)  # now, not when the retry was due
            # django-stubs knows DBTaskResult.task as Django 6's own Task class.
            done = enqueue(task, *result.args_kwargs["args"], **kwargs)  # type: ignore[arg-type]
            queued += done is not None
        skipped = queryset.count() - queued
        self.message_user(
            request,
            ngettext("%(count)d task queued again.", "%(count)d tasks queued again.", queued)
            % {"count": queued},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d task had not failed or could not be queued: left as it is.",
                    "%(count)d tasks had not failed or could not be queued: left as they are.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
