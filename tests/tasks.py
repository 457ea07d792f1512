"""The real task backends in tests: the database backend with an in-process worker, and tasks
made to fail on purpose. (The suite runs tasks with the immediate backend otherwise.)"""

from __future__ import annotations

import signal

from django.core.management import call_command

from background.tasks import background_task

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> None:
    """`manage.py run_worker --batch` in this process: every task that is due, then return
    (the `database_tasks` fixture, tests/conftest.py, sends tasks there). The worker installs
    its own Ctrl-C handlers; the test run gets its own back."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    try:
        call_command("run_worker", batch=True, verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


# --- Tasks for the tests ------------------------------------------------------------------------

# How many times each key's task is still to fail, and who was told of a final failure.
FAILURES: dict[str, int] = {}
GAVE_UP: list[tuple[str, str]] = []
DONE: list[str] = []


def _note_give_up(error: Exception, key: str) -> None:
    GAVE_UP.append((key, str(error)))


@background_task(attempts=3, on_give_up=_note_give_up)
def flaky(key: str) -> str:
    """Fails as many times as FAILURES[key] says, then succeeds."""
    if FAILURES.get(key, 0) > 0:
        FAILURES[key] -= 1
        raise ConnectionError(f"The store did not answer ({key})")
    DONE.append(key)
    return f"done {key}"


@background_task()
def echo(text: str) -> str:
    return text
