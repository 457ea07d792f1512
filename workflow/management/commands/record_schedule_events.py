from django.core.management.base import BaseCommand

from workflow.schedule import record_schedule_events


class Command(BaseCommand):
    help = (
        "Record the 'went live' and 'expired' events of scheduled stories in their history. "
        "Safe to run every minute from cron, and twice at once; readers never wait for it."
    )

    def handle(self, *args, **options) -> None:
        counts = record_schedule_events()
        self.stdout.write(
            f"Recorded {counts['went_live']} went-live and {counts['expired']} expired events."
        )
