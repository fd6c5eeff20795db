from pathlib import Path

from django.core.management.base import BaseCommand

from matchmaking.board_demo import samples_dir, write_samples


class Command(BaseCommand):
    help = "Writes the 征集表 template and two sample files (correct; five bad rows) to a directory."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="", help="directory (default var/matchmaking-samples/)")

    def handle(self, *args, **options):
        for path in write_samples(Path(options["out"]) if options["out"] else samples_dir()):
            self.stdout.write(str(path))
