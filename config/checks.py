"""The production checklist of docs/operations.md as system checks: `manage.py check --deploy`
reports each unsafe setting as an error (a warning where a deployment may rightly differ),
and `--database default` also looks for the demo accounts with their published passwords.

With DEBUG off the settings already refuse the development SECRET_KEY at start; these checks
also catch a production run that forgot to turn DEBUG off."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

# Host names that only ever reach this machine (the settings' development default).
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}


@register(Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs) -> list[Error]:
    development_key = getattr(settings, "DEVELOPMENT_SECRET_KEY", None)
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if development_key is None or development_key not in keys:
        return []
    return [
        Error(
            "SECRET_KEY (or a fallback) is the public development key.",
            hint="Set SECRET_KEY to a long random value, the same on every process.",
            id="pavilion.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_debug(app_configs=None, **kwargs) -> list[Error]:
    if not settings.DEBUG:
        return []
    return [
        Error(
            "DEBUG is on: tracebacks and settings are shown to visitors, static files are not hashed.",
            hint="Unset DEBUG (it defaults to off) or set DEBUG=0.",
            id="pavilion.E002",
        )
    ]


@register(Tags.security, deploy=True)
def check_allowed_hosts(app_configs=None, **kwargs) -> list[Error]:
    hosts = set(settings.ALLOWED_HOSTS)
    if "*" in hosts:
        problem = "ALLOWED_HOSTS allows any host ('*')."
    elif hosts <= LOCAL_HOSTS:
        problem = f"ALLOWED_HOSTS names only this machine ({', '.join(sorted(hosts)) or 'nothing'})."
    else:
        return []
    return [Error(problem, hint="Set ALLOWED_HOSTS to the site's host names.", id="pavilion.E003")]


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


@register(Tags.security, deploy=True)
def check_body_limits(app_configs=None, **kwargs) -> list[Error]:
    unlimited = [
        name
        for name in (
            "MAX_REQUEST_BYTES",
            "DATA_UPLOAD_MAX_MEMORY_SIZE",
            "DATA_UPLOAD_MAX_NUMBER_FIELDS",
            "DATA_UPLOAD_MAX_NUMBER_FILES",
        )
        if getattr(settings, name, None) is None
    ]
    if not unlimited:
        return []
    return [
        Error(
            f"Request bodies are unlimited ({', '.join(unlimited)} is None).",
            hint="Keep Django's limits (or set your own); cap bodies in the proxy in front too.",
            id="pavilion.E005",
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
