"""The site's part of the production checklist (docs/operations.md) as system checks:
`manage.py check --deploy` reports the development SECRET_KEY, DEBUG, local-only
ALLOWED_HOSTS and unlimited request bodies as errors. Streams adds its own (TURN, the demo
accounts: streams/checks.py).

With DEBUG off the settings already refuse the development SECRET_KEY at start; these checks
also catch a production run that forgot to turn DEBUG off."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

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
