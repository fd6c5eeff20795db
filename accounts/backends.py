"""The login throttle's authentication backend (django-axes; settings in config/settings.py)."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a login over HTTP (the login form, the admin's) while its username and address
    are locked out; authenticates nobody itself (ModelBackend, after it, does).

    authenticate() without a request (a management command, a script checking a password)
    is no login attempt from the net: it is not throttled, where axes itself would raise."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs
    ):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_name(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The name axes counts failures under: what the person typed in allauth's login field
    (a username, or an e-mail address, lower-cased), so the lockout is per typed name and
    address whichever way the person logs in."""
    credentials = credentials or {}
    name = credentials.get("username") or credentials.get("email")
    if not name and request is not None:
        data = getattr(request, "POST", None) or {}
        name = data.get("login") or data.get("username")
    if not name:
        return None
    name = str(name).strip()
    return name.lower() if "@" in name else name
