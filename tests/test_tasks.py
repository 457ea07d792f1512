"""The background task queue (background/tasks.py): tasks run by a worker, not the request;
a failure is tried again a bounded number of times, later each time; a final failure is seen
by staff, who can run it again."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from background.tasks import ATTEMPT, retry_delay
from tests import tasks
from tests.factories import UserFactory
from tests.tasks import DONE, FAILURES, GAVE_UP, flaky, run_worker

# The worker commits as it goes, as in production: these tests use real transactions.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _fresh_failures():
    FAILURES.clear()
    GAVE_UP.clear()
    DONE.clear()


def _results() -> list[tuple[str, int, str]]:
    """(status, attempt, exception class) of every task result, oldest first."""
    rows = DBTaskResult.objects.order_by("enqueued_at", "run_after")
    return [
        (row.status, row.args_kwargs["kwargs"].get(ATTEMPT, 1), row.exception_class_path)
        for row in rows
    ]


def _later(seconds: int):
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=True)


def test_a_task_waits_for_the_worker(database_tasks):
    result = flaky.enqueue("a")
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    run_worker()
    result.refresh()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, "done a")


def test_a_transient_failure_is_tried_again_later(database_tasks):
    FAILURES["b"] = 1
    flaky.enqueue("b")
    run_worker()
    assert _results() == [
        ("FAILED", 1, "background.tasks.Retrying"),
        ("READY", 2, ""),
    ]
    run_worker()  # not due yet: the retry waits retry_delay(1) seconds
    assert _results()[1][0] == "READY"
    with _later(retry_delay(1) + 1):
        run_worker()
    assert _results()[1] == ("SUCCESSFUL", 2, "")
    assert GAVE_UP == []


def test_the_retry_delay_grows_and_the_attempts_are_bounded(database_tasks):
    FAILURES["c"] = 99
    flaky.enqueue("c")
    run_worker()
    with _later(retry_delay(1) + 1):
        run_worker()
    with _later(retry_delay(1) + retry_delay(2) + 2):
        run_worker()
    with _later(3600):
        run_worker()  # nothing is left to run
    assert _results() == [
        ("FAILED", 1, "background.tasks.Retrying"),
        ("FAILED", 2, "background.tasks.Retrying"),
        ("FAILED", 3, "builtins.ConnectionError"),
    ]
    assert (retry_delay(1), retry_delay(2)) == (30, 120)
    assert GAVE_UP == [("c", "The store did not answer (c)")]


@pytest.fixture
def _failed_for_good(database_tasks):
    FAILURES["d"] = 99
    flaky.enqueue("d")
    for seconds in (0, 31, 31 + 121):
        with _later(seconds):
            run_worker()


@pytest.fixture
def editor_client(client):
    user = UserFactory(username="desk", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


TASKS_URL = "/admin/django_tasks_database/dbtaskresult/"


def test_editors_see_the_tasks_that_failed_for_good_with_their_error(
    _failed_for_good, editor_client
):
    html = editor_client.get(TASKS_URL, {"outcome": "failed"}).content.decode()
    assert "ConnectionError: The store did not answer (d)" in html
    assert html.count('class="action-checkbox"') == 1  # not the attempts that were retried
    everything = editor_client.get(TASKS_URL).content.decode()
    assert everything.count('<td class="field-outcome">Failed, tried again</td>') == 2


def test_journalists_do_not_see_the_task_list(client):
    user = UserFactory(username="reporter", is_staff=True)
    user.groups.add(Group.objects.get(name="Journalists"))
    client.force_login(user)
    assert client.get(TASKS_URL).status_code == 403


def test_a_failed_task_can_be_run_again_from_the_admin(_failed_for_good, editor_client):
    final = DBTaskResult.objects.get(exception_class_path="builtins.ConnectionError")
    FAILURES["d"] = 0  # the store is back
    response = editor_client.post(
        TASKS_URL, {"action": "run_again", "_selected_action": [str(final.pk)]}, follow=True
    )
    assert "1 task queued again." in response.content.decode()
    again = DBTaskResult.objects.filter(status=TaskResultStatus.READY).get()
    assert again.args_kwargs == {"args": ["d"], "kwargs": {}}
    run_worker()
    again.refresh_from_db()
    assert again.status == TaskResultStatus.SUCCESSFUL


def test_rq_backend_runs_a_task_from_redis(settings):
    """The scale-out backend (django-tasks-rq) against the real Redis, with a burst worker."""
    import django_rq

    from tests.redis_server import REDIS, redis_or_skip

    redis_or_skip()
    queue_name = f"newsroom-test-{uuid.uuid4().hex}"
    # "default" too: django-tasks-rq reads results through the default queue's connection.
    settings.RQ_QUEUES = {"default": {"URL": REDIS}, queue_name: {"URL": REDIS}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    queue = django_rq.get_queue(queue_name)
    try:
        result = tasks.echo.using(queue_name=queue_name).enqueue("Xin chào")
        assert result.status == TaskResultStatus.READY
        worker = django_rq.get_worker(
            queue_name, job_class="django_tasks_rq.Job", worker_class="rq.worker.SimpleWorker"
        )
        worker.work(burst=True)
        result.refresh()
        assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, "Xin chào")
    finally:
        queue.delete(delete_jobs=True)


def test_rq_backend_retries_on_the_same_queue_through_its_scheduler(settings):
    import django_rq

    from tests.redis_server import REDIS, redis_or_skip

    redis_or_skip()
    queue_name = f"newsroom-test-{uuid.uuid4().hex}"
    settings.RQ_QUEUES = {"default": {"URL": REDIS}, queue_name: {"URL": REDIS}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    settings.NEWSROOM_TASKS_RETRY_SECONDS = 0
    FAILURES["rq"] = 1
    queue = django_rq.get_queue(queue_name)
    try:
        first = tasks.flaky.using(queue_name=queue_name).enqueue("rq")
        worker = django_rq.get_worker(
            queue_name, job_class="django_tasks_rq.Job", worker_class="rq.worker.SimpleWorker"
        )
        worker.work(burst=True, with_scheduler=True)
        first.refresh()
        assert first.status == TaskResultStatus.FAILED and DONE == []
        worker.work(burst=True, with_scheduler=True)  # the scheduler moves the retry in
        assert DONE == ["rq"]
    finally:
        queue.delete(delete_jobs=True)
