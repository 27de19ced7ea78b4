from django.core.management.base import BaseCommand

from insights.counting import fold, forget_old_batches
from insights.figures import warm_activity
from insights.links import rebuild_links


class Command(BaseCommand):
    help = "Fold the page views counted in the cache into the daily table (safe to run at any time, also twice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--links",
            action="store_true",
            help="also find the links to articles in all forum posts (once, after an update)",
        )

    def handle(self, *args, **options):
        views = fold()
        forget_old_batches()
        warm_activity()
        self.stdout.write(f"{views} page views folded into the daily table.")
        if options["links"]:
            self.stdout.write(f"{rebuild_links()} links from forum posts to articles found.")
