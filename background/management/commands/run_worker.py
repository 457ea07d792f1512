from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run the background worker of the configured task backend (NEWSROOM_TASKS_BACKEND): "
        "db_worker for the database, rqworker with its scheduler for RQ. Stop it with Ctrl-C or "
        "SIGTERM: it finishes the task it is running first (a second Ctrl-C stops it at once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Run the tasks that are due, then exit."
        )

    def handle(self, *args, batch: bool, verbosity: int, **options) -> None:
        backend = settings.NEWSROOM_TASKS_BACKEND
        if backend == "database":
            call_command(
                "db_worker", batch=batch, reload=False, startup_delay=not batch,
                verbosity=verbosity,
            )  # fmt: skip
        elif backend == "rq":
            call_command(
                "rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True,
                burst=batch, verbosity=verbosity,
            )  # fmt: skip
        else:
            self.stdout.write(f"The {backend} task backend needs no worker: tasks run at once.")
