from accounts.demo_guard import DemoDataCommand
from meetings.demo import load_demo_meetings


class Command(DemoDataCommand):
    help = (
        "Demo meetings among the demo accounts (alice and bob accepted today, one waiting, a group one). "
        "Idempotent. Refused with DEBUG off unless --i-know-this-is-not-production."
    )

    def handle(self, *args, **options):
        made = load_demo_meetings()
        if not made:
            self.stdout.write("No demo accounts yet: run load_demo_conference first.")
            return
        for meeting in made:
            self.stdout.write(
                self.style.SUCCESS(f"meeting {meeting.pk}: {meeting.topic} ({meeting.status}) /meetings/{meeting.pk}/")
            )
