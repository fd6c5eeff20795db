"""Rebuild the search index from every registered source (docs/search.md)."""

from django.core.management.base import BaseCommand

from search.registry import sources
from search.services import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of every registered source (or of --kind ones)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="Only this kind (repeatable).")

    def handle(self, *args, **options):
        kinds = options.get("kind")
        known = {s.kind for s in sources()}
        unknown = sorted(set(kinds or ()) - known)
        if unknown:
            self.stderr.write(f"Unknown kind(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}.")
            raise SystemExit(2)
        counts = rebuild(kinds)
        for kind, n in counts.items():
            self.stdout.write(f"{kind}: {n} documents")
