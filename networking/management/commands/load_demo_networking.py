from accounts.demo_guard import DemoDataCommand
from networking.demo import load_demo_networking


class Command(DemoDataCommand):
    help = (
        "List the demo accounts in the attendee directory, exchange cards between alice and bob and "
        "start their conversation (after load_demo_conference). Idempotent. Refused with DEBUG off "
        "unless --i-know-this-is-not-production."
    )

    def handle(self, *args, **options):
        counts = load_demo_networking()
        if not counts:
            self.stdout.write("No demo accounts yet: run load_demo_conference first.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['listed']} people listed (/networking/), alice and bob exchanged cards, "
                f"{counts['messages']} messages in their conversation"
            )
        )
