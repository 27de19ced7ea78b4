from django.core.management.base import BaseCommand

from notifications.models import Notification
from notifications.tasks import send_digest


class Command(BaseCommand):
    help = "Queue the daily or weekly digest mails (run from cron: daily every morning, weekly on Mondays)."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=["daily", "weekly"])

    def handle(self, *args, frequency, **options):
        user_ids = (
            Notification.objects.filter(email_due=frequency, email_sent_at__isnull=True)
            .order_by()
            .values_list("recipient_id", flat=True)
            .distinct()
        )
        count = 0
        for user_id in user_ids.iterator():
            send_digest.enqueue(user_id=user_id, frequency=frequency)
            count += 1
        self.stdout.write(f"{count} {frequency} digest(s) queued.")
