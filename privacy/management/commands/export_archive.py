"""Write the open archive of the public community into a folder (privacy/archive.py)."""

from django.core.management.base import BaseCommand

from privacy.archive import Archive


class Command(BaseCommand):
    help = "Export the public corpus as a static HTML mirror, JSON Lines and Markdown into FOLDER."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Where to write; rerun into the same folder to update or resume.")
        parser.add_argument(
            "--base-url", default="", help="The site's address for permalinks, e.g. https://forum.example.org"
        )

    def handle(self, *args, folder, base_url, verbosity=1, **options):
        counts = Archive(folder, base_url=base_url, out=self.stdout if verbosity > 1 else None).run()
        self.stdout.write(", ".join(f"{count} {kind}" for kind, count in counts.items()))
