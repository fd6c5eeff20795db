"""Demo data of the competition app (docs/competition.md); idempotent."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the competition demo data (idempotent)."

    def handle(self, *args, **options) -> None:
        self.stdout.write("competition demo: nothing to load yet")
