"""Run the retention once (truncate old IP addresses, erase accounts whose grace period is over, delete expired
data exports, purge the text of posts deleted long ago, delete notifications read long ago), or with --schedule make
the task worker run it every day."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from privacy import retention
from privacy.tasks import retention_is_scheduled, schedule_retention


class Command(BaseCommand):
    help = "Apply the retention periods now, or schedule the daily run in the task worker (--schedule)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Enqueue the self-repeating daily run for the database task worker (once; safe to repeat).",
        )

    def handle(self, *args, schedule=False, **options):
        if schedule:
            if schedule_retention(timezone.now()):
                self.stdout.write("The daily retention run is scheduled in the task worker.")
            elif retention_is_scheduled():
                self.stdout.write("The daily retention run was scheduled already.")
            else:
                self.stderr.write(
                    "This task backend cannot run jobs later (TASKS_BACKEND=database can): "
                    "run `manage.py run_retention` from cron once a day instead."
                )
            return
        result = retention.run()
        self.stdout.write(result["comment_ips"])
        self.stdout.write(f"Erased {result['accounts_erased']} accounts after their grace period.")
        self.stdout.write(f"Deleted {result['exports_deleted']} expired data exports.")
        self.stdout.write(f"Purged the text of {result['deleted_posts_purged']} posts deleted by their authors.")
        self.stdout.write(f"Deleted {result['notifications_deleted']} notifications read long ago.")
