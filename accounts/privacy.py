"""Privacy hooks: every app contributes its part of "download my data" and "delete my account".

An app registers, in its AppConfig.ready():

- `register_export("chat_messages", fn)`: fn(user) -> anything JSON-able, the person's own
  data that app holds; it becomes one section of the download (`export_data`);
- `register_erasure(fn)`: fn(user) -> None, called inside the deletion's transaction before
  the account row is anonymised (`accounts.services.delete_account`): erase or anonymise
  what that app holds about the person, keeping only what they consented to leave behind.

The registries are in-process and idempotent on (section / function name), so a ready()
that runs twice in tests registers once. Hooks run in registration order, which follows
INSTALLED_APPS.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

ExportFn = Callable[[Any], Any]
ErasureFn = Callable[[Any], None]

_exports: dict[str, ExportFn] = {}
_erasures: dict[str, ErasureFn] = {}


def _key(fn: Callable) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


def register_export(section: str, fn: ExportFn) -> None:
    """`fn(user)` gives the section `section` of the person's data download."""
    if not section or not isinstance(section, str):
        raise ValueError("an export section needs a name")
    existing = _exports.get(section)
    if existing is not None and _key(existing) != _key(fn):
        raise ValueError(f"export section {section!r} is already registered by {_key(existing)}")
    _exports[section] = fn


def register_erasure(fn: ErasureFn) -> None:
    """`fn(user)` runs when the person deletes their account."""
    _erasures[_key(fn)] = fn


def export_sections() -> dict[str, ExportFn]:
    return dict(_exports)


def erasure_hooks() -> list[ErasureFn]:
    return list(_erasures.values())


def export_data(user) -> dict[str, Any]:
    """The whole download: {"format", "sections": {section: data}}. A section whose hook
    fails is reported as such rather than dropping the whole download silently."""
    from django.utils import timezone

    sections: dict[str, Any] = {}
    for section, fn in _exports.items():
        try:
            sections[section] = fn(user)
        except Exception:
            logger.exception("export section %s failed for user %s", section, user.pk)
            sections[section] = {"error": "This section could not be assembled; please try again later."}
    return {"format": "pavilion-export/1", "generated_at": timezone.now().isoformat(), "sections": sections}


def run_erasures(user) -> None:
    """Every registered erasure hook, in order; a failure aborts the deletion (the caller's
    transaction rolls back), so no account is half-erased."""
    for fn in _erasures.values():
        fn(user)
