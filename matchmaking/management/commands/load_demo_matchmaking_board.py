from accounts.demo_guard import DemoDataCommand
from matchmaking.board_demo import load_demo_board, write_samples


class Command(DemoDataCommand):
    help = (
        "Demo of the challenge board (张榜/揭榜): three featured postings with proposals, the "
        "`proposer` account (pavilion-proposer) and its organisation, and the sample 征集表 files "
        "in var/matchmaking-samples/. After load_demo_orgs. Idempotent."
    )

    def handle(self, *args, **options):
        made = load_demo_board()
        if not made and made != {"challenges": 0, "proposals": 0}:
            self.stdout.write("No demo organisations yet: run load_demo_conference and load_demo_orgs first.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{made['challenges']} challenges, {made['proposals']} proposals"))
        for path in write_samples():
            self.stdout.write(f"sample: {path}")
