from django.core.management import call_command, get_commands

from accounts.demo_guard import DemoDataCommand
from recruitment.demo_candidates import load_demo_candidates


class Command(DemoDataCommand):
    help = (
        "Demo candidates: profiles and real résumés (PDF, DOCX) for alice and bob, applications in "
        "several stages to the demo exhibitor's jobs (one at interview, with its meeting) and an "
        "invitation to apply (after load_demo_accounts and the recruitment demo, which it runs first "
        "when present). Idempotent. Refused with DEBUG off unless --i-know-this-is-not-production."
    )

    def handle(self, *args, **options):
        if "load_demo_recruitment" in get_commands():
            # The jobs and fairs the applications go to (rec-jobs' demo; idempotent).
            call_command("load_demo_recruitment", not_production=options.get("not_production", False))
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
