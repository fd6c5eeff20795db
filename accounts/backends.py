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
