"""Delete recordings older than the retention, with their files (run it daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from streams import leftovers


class Command(BaseCommand):
    help = (
        "Delete stage recordings that ended more than STREAMS_RECORDING_RETENTION_DAYS days ago "
        "(or --days), with their HLS files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Retention in days (default: the setting).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        if days is None:
            days = leftovers.retention_days()
            if days == 0:
                self.stdout.write("No retention set (STREAMS_RECORDING_RETENTION_DAYS=0): every recording is kept.")
                return
        if days < 1:
            raise CommandError(f"--days must be at least 1 (got {days}).")
        pruned = leftovers.prune_recordings(days=days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        megabytes = pruned.bytes_freed / 1_000_000
        self.stdout.write(f"{verb} {len(pruned.run_ids)} recording(s) older than {days} days ({megabytes:.1f} MB).")
        for run_id in pruned.run_ids:
            self.stdout.write(f"  {run_id}")
