from zoneinfo import ZoneInfo

from accounts.demo_guard import DemoDataCommand
from streams.demo import load_demo_conference


class Command(DemoDataCommand):
    help = (
        "Load the demo conference (20th China International Talent Exchange Conference, online) "
        "and demo accounts. Idempotent; --live-now shifts the programme so that the opening is live. "
        "Refused with DEBUG off unless --i-know-this-is-not-production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--live-now",
            action="store_true",
            help="Shift the whole event so that the opening ceremony started 10 minutes ago.",
        )

    def handle(self, *args, **options):
        summary = load_demo_conference(live_now=options["live_now"])
        event = summary.event
        zone = ZoneInfo(event.timezone)
        out = self.stdout
        out.write(self.style.SUCCESS(f"Event {event.name_en} ({event.slug})"))
        out.write(f"  {len(summary.sessions)} sessions ({summary.created_sessions} new), times in {event.timezone}:")
        for session in summary.sessions:
            start = session.starts_at.astimezone(zone)
            end = session.ends_at.astimezone(zone)
            room = f"/rooms/{session.room.slug}/"
            out.write(f"  {start:%Y-%m-%d %H:%M}-{end:%H:%M}  {session.kind:<22}  {room}  {session.title}")
        if summary.live_session is not None:
            out.write(
                self.style.SUCCESS(
                    f"Live now: {summary.live_session.title_en} -> /rooms/{summary.live_session.room.slug}/"
                )
            )
        out.write("Demo accounts (user / password / role):")
        for username, password, role in summary.accounts:
            out.write(f"  {username:<10} {password:<20} {role}")
