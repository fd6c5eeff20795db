"""manage.py check_translation: is the configured translation service there, and does it
translate? (For operators after setting TRANSLATION_URL; exits 1 when it does not.)"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from translation.backends import TranslationError, get_backend


class Command(BaseCommand):
    help = "Ask the configured translation backend for one translation each way."

    def handle(self, *args: Any, **options: Any) -> None:
        backend = get_backend()
        if backend is None:
            raise CommandError("No translation backend configured (TRANSLATION_URL is empty): pages show originals.")
        try:
            to_english = backend.translate(["人工智能芯片联合研发"], "zh", "en")[0].text
            to_chinese = backend.translate(["Joint research on AI chips"], "en", "zh")[0].text
        except TranslationError as error:
            raise CommandError(f"{backend.name}: {error}") from error
        self.stdout.write(f"{backend.name}: 人工智能芯片联合研发 → {to_english}")
        self.stdout.write(f"{backend.name}: Joint research on AI chips → {to_chinese}")
