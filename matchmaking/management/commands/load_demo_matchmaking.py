from accounts.demo_guard import DemoDataCommand
from matchmaking.demo import load_demo_matchmaking


class Command(DemoDataCommand):
    help = (
        "Matchmaking demo: postings of the three kinds in Chinese and English, a conversation with "
        "ratings, organisation pages, showcase areas (after load_demo_orgs). Idempotent. Refused with "
        "DEBUG off unless --i-know-this-is-not-production."
    )

    def handle(self, *args, **options):
        counts = load_demo_matchmaking()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['postings']} postings (/matchmaking/), {counts['conversations']} conversation with "
                f"{counts['messages']} messages (log in as huaneng / pavilion-huaneng or vdi / pavilion-vdi), "
                f"{counts['ratings']} ratings, {counts['areas']} showcase areas"
            )
        )
