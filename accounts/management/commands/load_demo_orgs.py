from accounts.demo import load_demo_orgs
from accounts.demo_guard import DemoDataCommand


class Command(DemoDataCommand):
    help = (
        "Demo organisations (我要参展): contact data and verification for the exhibiting ones, the "
        "exhibitor as its organisation's admin, one pending registration by `applicant`. After "
        "load_demo_conference and load_demo_exhibition. Idempotent. Refused with DEBUG off unless "
        "--i-know-this-is-not-production."
    )

    def handle(self, *args, **options):
        counts = load_demo_orgs()
        if not counts:
            self.stdout.write("No demo accounts yet: run load_demo_conference first.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['verified']} verified organisations, {counts['pending']} pending "
                "(applicant / pavilion-applicant; organizer verifies at /organizer/organisations/)"
            )
        )
