"""Demo data of the competition app (docs/competition.md); idempotent."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the competition demo data (idempotent)."

    def handle(self, *args, **options) -> None:
        from competition import demo

        comp = demo.load()
        self.stdout.write(f"competition demo: {comp.slug} ({comp.rounds.count()} rounds)")
