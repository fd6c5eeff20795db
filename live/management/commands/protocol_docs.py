from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from live.protocol_docs import render


class Command(BaseCommand):
    help = "Write docs/protocol.md from live/protocol.py."

    def handle(self, *args, **options):
        path = Path(settings.BASE_DIR) / "docs" / "protocol.md"
        path.write_text(render(), encoding="utf-8")
        self.stdout.write(f"wrote {path}")
