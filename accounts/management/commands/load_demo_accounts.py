from accounts.demo_guard import DemoDataCommand
from accounts.demo_profiles import load_demo_profiles


class Command(DemoDataCommand):
    help = (
        "Profiles, interests, consent and verified e-mail addresses for the demo accounts (after "
        "load_demo_conference). Idempotent. Refused with DEBUG off unless --i-know-this-is-not-production."
    )

    def handle(self, *args, **options):
        done = load_demo_profiles()
        if not done:
            self.stdout.write("No demo accounts yet: run load_demo_conference first.")
            return
        self.stdout.write(self.style.SUCCESS(f"profiles for {', '.join(done)} (see /me/profile/)"))
