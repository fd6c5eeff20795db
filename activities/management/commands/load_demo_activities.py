"""Demo data of the activities app (docs/activities.md); idempotent."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the activities demo data (idempotent)."

    def handle(self, *args, **options) -> None:
        self.stdout.write("activities demo: nothing to load yet")
