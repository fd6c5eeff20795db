from accounts.demo_guard import DemoDataCommand
from agenda.demo import load_demo_agenda


class Command(DemoDataCommand):
    help = (
        "Bookmark a few demo-conference sessions for the demo accounts alice and bob (after "
        "load_demo_conference). Idempotent. Refused with DEBUG off unless --i-know-this-is-not-production."
    )

    def handle(self, *args, **options):
        counts = load_demo_agenda()
        if not counts:
            self.stdout.write("No demo conference or demo accounts yet: run load_demo_conference first.")
            return
        for username, count in counts.items():
            self.stdout.write(self.style.SUCCESS(f"{username}: {count} bookmarked sessions (see /agenda/)"))
