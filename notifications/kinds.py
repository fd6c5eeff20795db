"""Kinds of notification: what a person can tell apart and choose e-mail for.

Each app registers the kinds it sends from its AppConfig.ready():

    register_kind("meeting.request", label_zh="会议邀请", label_en="Meeting requests", email_default=True)

`notify()` refuses a kind nobody registered (a typo would otherwise make notifications no
preference page can switch off). The preferences page lists every registered kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.i18n import localized


@dataclass(frozen=True)
class Kind:
    key: str
    label_zh: str
    label_en: str
    # Whether a person who never chose gets these by e-mail.
    email_default: bool

    @property
    def label(self) -> str:
        return localized(self.label_zh, self.label_en)


KINDS: dict[str, Kind] = {}

MAX_KEY_LENGTH = 60


def register_kind(key: str, *, label_zh: str, label_en: str, email_default: bool) -> Kind:
    """Register (or, called again with the same key, replace) a kind of notification."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"a notification kind is 1 to {MAX_KEY_LENGTH} characters: {key!r}")
    kind = Kind(key=key, label_zh=label_zh, label_en=label_en, email_default=email_default)
    KINDS[key] = kind
    return kind


def get_kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"notification kind {key!r} is not registered (notifications.kinds.register_kind)") from None


def all_kinds() -> list[Kind]:
    return sorted(KINDS.values(), key=lambda kind: kind.key)
