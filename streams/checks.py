"""Streams' part of the production checklist (docs/operations.md) as system checks: a TURN
server for calls behind NAT (a warning), and the demo accounts of load_demo_conference with
their published passwords (an error; `check --deploy --database default`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError


def _turn_configured() -> bool:
    """TURN with per-person credentials (STREAMS TURN_URLS and TURN_SECRET, streams.turn), or
    a static turn: URL among the ICE servers."""
    streams = getattr(settings, "STREAMS", {})
    if streams.get("TURN_URLS") and streams.get("TURN_SECRET"):
        return True
    for server in streams.get("ICE_SERVERS", []):
        urls = server.get("urls", [])
        for url in [urls] if isinstance(urls, str) else urls:
            if str(url).startswith(("turn:", "turns:")):
                return True
    return False


@register(Tags.security, deploy=True)
def check_turn(app_configs=None, **kwargs) -> list[Warning]:
    if _turn_configured():
        return []
    return [
        Warning(
            "No TURN server is configured: calls and WebRTC viewers behind NAT or strict firewalls cannot connect.",
            hint="Run coturn beside Pavilion and set TURN_URLS and TURN_SECRET (docs/operations.md).",
            id="pavilion.W004",
        )
    ]


def demo_accounts_with_published_passwords(databases: Iterable[str]) -> list[str]:
    """Usernames of the demo accounts (streams.demo.ACCOUNTS) that still have their documented password."""
    from django.contrib.auth import get_user_model

    from streams.demo import ACCOUNTS

    published = {username: password for username, password, _, _ in ACCOUNTS}
    found = []
    for alias in databases:
        users = get_user_model().objects.using(alias).filter(username__in=published, is_active=True)
        for user in users.order_by("username"):
            if user.check_password(published[user.username]):
                found.append(user.username)
    return found


@register(Tags.security, Tags.database, deploy=True)
def check_demo_accounts(app_configs=None, databases=None, **kwargs) -> list[Error]:
    # Database checks run only when asked (`check --deploy --database default`).
    if not databases:
        return []
    try:
        found = demo_accounts_with_published_passwords(databases)
    except DatabaseError:
        return []  # not migrated yet: nothing loaded either
    if not found:
        return []
    return [
        Error(
            f"Demo accounts with their published passwords exist: {', '.join(found)} "
            "(load_demo_conference made them; 'organizer' is a superuser).",
            hint="Delete them or change their passwords (manage.py changepassword).",
            id="pavilion.E006",
        )
    ]
