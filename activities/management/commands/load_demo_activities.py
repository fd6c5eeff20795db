"""Demo data of the activities app (docs/activities.md); idempotent."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the activities demo: two sub-venues with their sessions, a roadshow, a consultation case."

    def handle(self, *args, **options) -> None:
        from activities.demo import load_demo_activities

        counts = load_demo_activities()
        self.stdout.write("activities demo: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
