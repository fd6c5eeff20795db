"""The machine-translation backend: which one (setting `TRANSLATION_BACKEND`, a dotted path),
what every backend offers, and how a failing one is given a rest.

A backend is a class with `from_settings(settings) -> instance | None` (None: not
configured, so pages show originals and say so) and the methods of `Backend`. The default,
`translation.libretranslate.LibreTranslateBackend`, speaks LibreTranslate's HTTP API to
`TRANSLATION_URL`. Another service (DeepL, a cloud API, an in-house model) plugs in with a
class of its own and the setting; nothing else changes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

logger = logging.getLogger("pavilion.translation")

# After a backend failed for a reason that says "down" (unreachable, a timeout, a 5xx, 429),
# no process calls it for this long (the Django cache is shared by every process with Redis):
# pages do not each wait a timeout while the service is away.
DOWN_KEY = "translation:backend-down"


class TranslationError(Exception):
    """The backend gave no usable answer. `transient`: it is down or busy (rest it); else it
    refused or answered nonsense for these texts (try again next time, rest nothing)."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class Translated:
    text: str
    # The source language the backend detected ("" when it was told the source).
    detected: str = ""


class Backend(Protocol):
    name: str

    @classmethod
    def from_settings(cls, config: Any) -> Backend | None: ...

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[Translated]:
        """One translation per text, in order; `source` is "zh", "en", another code, or "auto".
        Raises TranslationError."""
        ...

    def detect(self, text: str) -> str:
        """The language code of `text` ("" when unsure). Raises TranslationError."""
        ...


@cache
def get_backend() -> Backend | None:
    """The configured backend, or None when there is none (no URL, or an empty setting)."""
    path = getattr(settings, "TRANSLATION_BACKEND", "")
    if not path:
        return None
    return import_string(path).from_settings(settings)


def backend_down() -> bool:
    return bool(shared_cache.get(DOWN_KEY))


def rest_backend(error: TranslationError) -> None:
    logger.warning("translation backend failed: %s", error)
    if error.transient:
        shared_cache.set(DOWN_KEY, True, timeout=max(1, int(getattr(settings, "TRANSLATION_RETRY_SECONDS", 30))))


@receiver(setting_changed)
def _forget_backend(*, setting: str, **_kwargs: Any) -> None:
    # Tests and `override_settings` change the URL or the class: build the backend anew.
    if setting.startswith("TRANSLATION_"):
        get_backend.cache_clear()
        shared_cache.delete(DOWN_KEY)
