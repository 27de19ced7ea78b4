"""Shorten the IP addresses of comments older than COMMENTS_IP_RETENTION_DAYS (IPv4 to /24, IPv6 to /48).

Meant for a daily cron job or systemd timer; running it again changes nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Comment
from articles.spam import truncate_ip


class Command(BaseCommand):
    help = "Truncate the IP addresses of article comments older than COMMENTS_IP_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (default: the COMMENTS_IP_RETENTION_DAYS setting).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.COMMENTS_IP_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - timedelta(days=max(0, days))
        old = Comment.objects.filter(created_at__lt=cutoff, ip_truncated=False, ip_address__isnull=False)
        count = 0
        with transaction.atomic():
            for pk, address in old.values_list("pk", "ip_address").iterator(chunk_size=1000):
                Comment.objects.filter(pk=pk).update(ip_address=truncate_ip(address), ip_truncated=True)
                count += 1
            # Comments without an address need no work, but are marked so they are not looked at again.
            Comment.objects.filter(created_at__lt=cutoff, ip_truncated=False, ip_address__isnull=True).update(
                ip_truncated=True
            )
        self.stdout.write(f"Truncated the IP addresses of {count} comments older than {days} days.")
