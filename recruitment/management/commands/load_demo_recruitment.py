from accounts.demo_guard import DemoDataCommand
from recruitment.demo import load_demo_recruitment


class Command(DemoDataCommand):
    help = (
        "The five demo job fairs with their employers, city cards, policy talks and about twenty "
        "jobs in zh and en, pinned on the demo recruitment livestreams (after load_demo_conference "
        "and load_demo_orgs). Idempotent. Refused with DEBUG off unless --i-know-this-is-not-production."
    )

    def handle(self, *args, **options):
        counts = load_demo_recruitment()
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Recruitment demo: {summary} (/jobs/)"))
