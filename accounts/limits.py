"""Per-person limits on writes that notify another person (a booth's staff, the organizers).

A fixed window per person and action, counted in Django's cache so that every process
of a deploy shares it (Redis when REDIS_URL is set). Rates are settings
(`settings.RATE_LIMITS`, "count/seconds", read from the environment), so an operator can
loosen or tighten them without a deploy. A cache that fails must not break the request:
the write is then allowed (and logged), never refused for the cache's sake.

    limits.check("lead", user)   # raises RateLimited before the write
    ...write...
    limits.count("lead", user)   # after the write succeeded

The socket side has its own token buckets (live/ratelimit.py); this is for HTTP.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual

logger = logging.getLogger(__name__)

# Defaults when settings.RATE_LIMITS does not name the action: (count, seconds).
DEFAULT_RATES: dict[str, str] = {
    "lead": "5/600",  # contacts left at booths
    "call_request": "5/600",  # video call requests to booths
    "application": "10/3600",  # booth applications (mailed to the organizers)
    "organisation": "5/3600",  # organisations registered (queued for the organizers)
    "invitation": "30/3600",  # invitations an organisation admin sends by e-mail
    "activation_resend": "3/3600",  # new activation links for an expired one, per account
}


class RateLimited(Exception):
    """Too many of one action: answered 429 with Retry-After (accounts.middleware)."""

    def __init__(self, action: str, retry_after: int, limit: int, seconds: int) -> None:
        self.action = action
        self.retry_after = max(1, retry_after)
        self.limit, self.seconds = limit, seconds
        minutes = max(1, math.ceil(self.retry_after / 60))
        self.message = bilingual(
            _("Too many requests: at most %(limit)s in %(span)s. Please try again in %(minutes)s min."),
            limit=limit,
            span=_span(seconds),
            minutes=minutes,
        )
        super().__init__(self.message)


def _span(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


def rate(action: str) -> Rate | None:
    """The action's rate, or None when the operator switched it off ("0" or "")."""
    spec = getattr(settings, "RATE_LIMITS", {}).get(action, DEFAULT_RATES[action])
    if not spec or str(spec).strip() in {"0", "off"}:
        return None
    count, _, seconds = str(spec).partition("/")
    return Rate(int(count), int(seconds or 60))


def identity(user=None, *, session_key: str | None = None, ip: str | None = None) -> str | None:
    """Who is counted: the user when logged in, else the session, else the address."""
    if user is not None and getattr(user, "is_authenticated", False):
        return f"u{user.pk}"
    if session_key:
        return f"s{session_key}"
    return f"ip{ip}" if ip else None


def _key(action: str, who: str, window: int) -> str:
    return f"pavilion:limits:{action}:{who}:{window}"


def _window(r: Rate, now: float) -> tuple[int, int]:
    """The current window's number and the seconds until it ends."""
    index = int(now // r.seconds)
    return index, math.ceil((index + 1) * r.seconds - now)


def check(action: str, user=None, *, who: str | None = None, now: float | None = None) -> None:
    """Raise RateLimited if `user` (or `who`) used up the action's limit in this window."""
    r, who = rate(action), who or identity(user)
    if r is None or who is None:
        return
    index, remaining = _window(r, time.time() if now is None else now)
    try:
        used = cache.get(_key(action, who, index), 0)
    except Exception:  # a cache error is no reason to refuse a write
        logger.warning("rate limit cache unavailable; %s allowed", action, exc_info=True)
        return
    if used >= r.limit:
        raise RateLimited(action, remaining, r.limit, r.seconds)


def count(action: str, user=None, *, who: str | None = None, now: float | None = None) -> None:
    """Count one use of the action (after it succeeded)."""
    r, who = rate(action), who or identity(user)
    if r is None or who is None:
        return
    index, remaining = _window(r, time.time() if now is None else now)
    key = _key(action, who, index)
    try:
        if not cache.add(key, 1, remaining + 1):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr: the window's first use
                cache.add(key, 1, remaining + 1)
    except Exception:
        logger.warning("rate limit cache unavailable; %s not counted", action, exc_info=True)
