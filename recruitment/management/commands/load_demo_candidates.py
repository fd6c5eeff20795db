from accounts.demo_guard import DemoDataCommand
from recruitment.demo_candidates import load_demo_candidates


class Command(DemoDataCommand):
    help = (
        "Demo candidates: profiles and real résumés (PDF, DOCX) for alice and bob, applications in "
        "several stages to the demo exhibitor's jobs (one at interview, with its meeting) and an "
        "invitation to apply (after load_demo_accounts and load_demo_recruitment, whose jobs of the "
        "demo exhibitor it uses; it posts three itself when there are fewer). Idempotent. Refused with "
        "DEBUG off unless --i-know-this-is-not-production."
    )

    def handle(self, *args, **options):
        counts = load_demo_candidates()
        if not counts:
            self.stdout.write("No demo accounts or exhibitor yet: run load_demo_conference and load_demo_orgs first.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['resumes']} résumés, {counts['applications']} new applications, "
                f"{counts['invitations']} new invitations (/recruitment/me/, /recruitment/employer/applications/)"
            )
        )
