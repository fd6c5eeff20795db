"""WebSocket authentication: the browser's session cookie, checked against the Origin.

A browser always sends an Origin; a page on another site must not ride on our cookie, so
a foreign Origin is refused. Clients that send no Origin (scripts, bots, the benchmark)
are let in as guests and authenticate with an API token in an `auth` frame.
"""

from urllib.parse import urlparse

from channels.auth import AuthMiddlewareStack
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http.request import validate_host


def origin_allowed(origin: str) -> bool:
    if origin in settings.LIVE["ALLOWED_ORIGINS"]:
        return True
    parsed = urlparse(origin)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return False
    return validate_host(parsed.hostname, settings.ALLOWED_HOSTS)


class LiveAuthMiddleware:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.with_session = AuthMiddlewareStack(inner)

    async def __call__(self, scope, receive, send):
        origin = None
        for name, value in scope.get("headers", []):
            if name == b"origin":
                origin = value.decode("latin1")
        if origin is None:
            return await self.inner(dict(scope, user=AnonymousUser()), receive, send)
        if not origin_allowed(origin):
            return await WebsocketDenier()(scope, receive, send)
        return await self.with_session(scope, receive, send)
