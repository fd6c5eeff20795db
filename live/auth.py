"""WebSocket authentication: the browser's session cookie, checked against the Origin.

A browser always sends an Origin; a page on another site must not ride on our cookie, so
an Origin is let in only when it is, in full (scheme, host and port), either the site's own
(the request's Host, if ALLOWED_HOSTS has it, with the scheme the request came in by) or one
of LIVE_ALLOWED_ORIGINS. Another port on the same host is another site (any local program
could serve it), and so is http:// for an https:// site. Clients that send no Origin
(scripts, bots, the benchmark) are let in as guests and authenticate with an API token in an
`auth` frame.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from channels.auth import AuthMiddleware, get_user
from channels.security.websocket import WebsocketDenier
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http.request import split_domain_port, validate_host

from live import footprint
from live.dbread import read_async

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_origin(origin: str) -> str | None:
    """`scheme://host:port` in lower case with the port always written, or None when the
    text is no http(s) origin (`null`, a path, credentials, a bad port)."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or parts.username or parts.password:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{port or DEFAULT_PORTS[scheme]}"


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin1")
    return None


def request_scheme(scope) -> str:
    """http or https: how the browser reached us (behind a TLS proxy, what it says it was)."""
    scheme = "https" if scope.get("scheme") in ("wss", "https") else "http"
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        name, secure_value = proxy_header
        header = name.removeprefix("HTTP_").lower().replace("_", "-").encode("latin1")
        forwarded = _header(scope, header)
        if forwarded is not None:
            scheme = "https" if forwarded.split(",")[0].strip() == secure_value else "http"
    return scheme


def own_origin(scope) -> str | None:
    """The origin of this site as the browser sees it: the request's Host (when
    ALLOWED_HOSTS has it) with the request's scheme."""
    host = _header(scope, b"host")
    if host is None:
        server = scope.get("server")
        if not server or server[0] is None:
            return None
        host = f"{server[0]}:{server[1]}"
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    return normalize_origin(f"{request_scheme(scope)}://{host}")


def origin_allowed(origin: str, scope) -> bool:
    candidate = normalize_origin(origin)
    if candidate is None:
        return False
    allowed = {normalize_origin(o) for o in settings.LIVE["ALLOWED_ORIGINS"]}
    return candidate in allowed or candidate == own_origin(scope)


class ReadThreadAuthMiddleware(AuthMiddleware):
    """Channels' AuthMiddleware (the session from the cookie, then its user, with the
    session's hash checked), but on the read threads (live.dbread): in a join storm the
    session and user lookups of thousands of browsers do not queue behind chat writes on
    Django's one thread for sync code. Nothing is cached: a logout or a password change
    takes effect at the next connection, and live.access closes the open ones."""

    async def resolve_scope(self, scope) -> None:
        scope["user"]._wrapped = await read_async(get_user.func)(scope)


class LiveAuthMiddleware:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.with_session = CookieMiddleware(SessionMiddleware(ReadThreadAuthMiddleware(inner)))

    async def __call__(self, scope, receive, send):
        # Each socket's ASGI queue, smaller for the hours it stays open (live.footprint).
        footprint.slim_receive_queue(receive)
        origin = _header(scope, b"origin")
        if origin is None:
            return await self.inner(dict(scope, user=AnonymousUser()), receive, send)
        if not origin_allowed(origin, scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.with_session(scope, receive, send)
