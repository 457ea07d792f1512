"""Background work for every app: Django's tasks API (the django-tasks backport) with bounded
retries, which the backport does not do itself.

    from background.tasks import background_task, enqueue_on_commit

    @background_task(attempts=4, on_give_up=note_the_failure)
    def notify_editor(article_id: int) -> str:
        ...                      # raise to fail; the return value is kept with the result

    enqueue_on_commit(notify_editor, article.pk)   # from a request or a transaction

Arguments and return values must be JSON (ids, strings, numbers), never model instances: the
task runs later, in another process, and reads what it needs then. A task must be safe to run
twice (a retry, or a worker that died mid-way, runs it again). docs/tasks.md says how tasks run
in development, tests and production and where failures are seen.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskContext
from django_tasks import task as declare_task
from django_tasks.base import Task

log = logging.getLogger(__name__)

# The keyword argument that carries the attempt number from one attempt to the next.
ATTEMPT = "_attempt"


class Retrying(Exception):
    """What a failed attempt raises once the next attempt is scheduled: its task result shows
    as failed with this class (the original error is chained in the traceback), so a failure
    that will be tried again is told apart from one that is final."""


def retry_delay(attempt: int) -> int:
    """Seconds before the attempt after `attempt`: 30 s, 2 min, 8 min... (by default)."""
    return settings.NEWSROOM_TASKS_RETRY_SECONDS * 4 ** (attempt - 1)


def background_task(
    *,
    attempts: int = 3,
    on_give_up: Callable[..., None] | None = None,
    queue_name: str = "default",
) -> Callable[[Callable[..., Any]], Task]:
    """Declare a function as a task. When it raises, it is enqueued again (to run after
    `retry_delay()`) until it has been tried `attempts` times in all; after the last failure
    `on_give_up(error, *args, **kwargs)` is called, so the thing the task was for can show it
    (an image says its renditions failed), and the error is raised for the backend to record.
    """
    if attempts < 1:
        raise ValueError("A task is tried at least once")

    def declare(func: Callable[..., Any]) -> Task:
        @functools.wraps(func)
        def run(context: TaskContext, *args: Any, **kwargs: Any) -> Any:
            attempt = kwargs.pop(ATTEMPT, 1)
            try:
                return func(*args, **kwargs)
            except Exception as error:
                # The task as it ran: the same backend and queue for the next attempt.
                ran = context.task_result.task
                if attempt < attempts and _schedule_retry(ran, args, kwargs, attempt):
                    raise Retrying(
                        f"Attempt {attempt} of {attempts} failed: {error!r}; attempt "
                        f"{attempt + 1} runs in {retry_delay(attempt)} s or later."
                    ) from error
                _give_up(on_give_up, error, args, kwargs)
                raise

        # The backend passes the context (the task result) to `run`, not to `func`.
        del run.__wrapped__
        # Django's own decorator, on the wrapper (which carries the function's name and module,
        # so a worker finds the task by its dotted path).
        return declare_task(run, queue_name=queue_name, takes_context=True)

    return declare


def _schedule_retry(task: Task, args: tuple, kwargs: dict, attempt: int) -> bool:
    later = task
    if task.get_backend().supports_defer:
        later = task.using(run_after=timezone.now() + timedelta(seconds=retry_delay(attempt)))
    try:
        later.enqueue(*args, **kwargs, **{ATTEMPT: attempt + 1})
    except Exception:
        log.exception("Could not schedule attempt %s of %s", attempt + 1, task.module_path)
        return False
    return True


def _give_up(on_give_up, error: Exception, args: tuple, kwargs: dict) -> None:
    if on_give_up is None:
        return
    try:
        on_give_up(error, *args, **kwargs)
    except Exception:
        log.exception("The give-up handler of a failed task failed too")


def enqueue(task: Task, *args: Any, **kwargs: Any) -> str | None:
    """Enqueue `task`; its result id, or None (logged) when the queue cannot be reached (Redis
    down): the caller's work is saved, and `manage.py` commands can enqueue it again."""
    try:
        return task.enqueue(*args, **kwargs).id
    except Exception:
        log.exception("Could not enqueue %s%r", task.module_path, args)
        return None


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Enqueue `task` once the current transaction commits (at once outside one): the worker
    must see the rows the task is about, and a rolled-back request enqueues nothing."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
