from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from demo.seed import seed


class Command(BaseCommand):
    help = (
        "Load the demo newspaper (sections, writers, the reference stories and generated ones). "
        "Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stories", type=int, default=300, help="How many generated stories (default 300)."
        )
        parser.add_argument(
            "--with-accounts",
            action="store_true",
            help="Also create the local-only demo logins (journalist, editor). Not for production.",
        )

        parser.add_argument(
            "--migrate",
            action="store_true",
            help=(
                "Apply any unapplied migrations first, in the same process (what `make run` does, "
                "so a second run with nothing changed starts quickly)."
            ),
        )

    def handle(
        self, *args, stories: int, with_accounts: bool, migrate: bool = False, **options
    ) -> None:
        if migrate:
            call_command("migrate", interactive=False, verbosity=options.get("verbosity", 1))
        report = seed(generated=stories, with_accounts=with_accounts)
        made = ", ".join(f"{n} {kind}" for kind, n in report.created.items() if n) or "nothing new"
        self.stdout.write(f"Demo content: created {made}.")
        for username, password in report.accounts.items():
            self.stdout.write(f"  Local demo login for /admin/: {username} / {password}")
