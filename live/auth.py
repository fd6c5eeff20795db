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

from dataclasses import dataclass
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

from channels.auth import get_user
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import parse_cookie
from django.http.request import split_domain_port, validate_host

from live import footprint
from live.batching import BatchedRead
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


DB_SESSIONS = "django.contrib.sessions.backends.db"


@dataclass(frozen=True, slots=True)
class SessionUser:
    """What a browser's session cookie stands for, as channels.auth.get_user finds it."""

    data: dict[str, Any]  # the session's contents ({} for none: unknown, expired, flushed)
    user: Any  # the user, or None
    flushed: bool = False  # the session was deleted: the user's password changed since


def users_of_sessions(keys: list[str]) -> dict[str, SessionUser]:
    """channels.auth.get_user for many database sessions at once (a join storm's cookies,
    live.batching): their rows in one query, their users in one per backend. A session whose
    hash no longer matches its user's (a password changed) is deleted, as get_user does."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import constant_time_compare

    decoder = SessionStore()
    rows = Session.objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
    sessions = {row.session_key: decoder.decode(row.session_data) for row in rows}
    wanted: dict[str, set[str]] = {}  # backend path -> user pks (as stored: text)
    for data in sessions.values():
        backend_path, user_id = data.get(BACKEND_SESSION_KEY), data.get(SESSION_KEY)
        if backend_path in settings.AUTHENTICATION_BACKENDS and user_id is not None:
            wanted.setdefault(backend_path, set()).add(str(user_id))
    users: dict[tuple[str, str], Any] = {}
    for backend_path, user_ids in wanted.items():
        backend = load_backend(backend_path)
        if isinstance(backend, ModelBackend) and type(backend).get_user is ModelBackend.get_user:
            from django.contrib.auth import get_user_model

            model = get_user_model()
            pks = [model._meta.pk.to_python(user_id) for user_id in user_ids]
            for user in model._default_manager.filter(pk__in=pks):
                if backend.user_can_authenticate(user):
                    users[(backend_path, str(user.pk))] = user
        else:
            for user_id in user_ids:
                users[(backend_path, user_id)] = backend.get_user(user_id)
    found: dict[str, SessionUser] = {}
    for key in keys:
        data = sessions.get(key)
        if data is None:
            found[key] = SessionUser({}, None)
            continue
        user = users.get((data.get(BACKEND_SESSION_KEY), str(data.get(SESSION_KEY))))
        if user is not None and hasattr(user, "get_session_auth_hash"):
            session_hash = data.get(HASH_SESSION_KEY)
            if not (session_hash and constant_time_compare(session_hash, user.get_session_auth_hash())):
                SessionStore(key).delete()
                found[key] = SessionUser({}, None, flushed=True)
                continue
        found[key] = SessionUser(data, user)
    return found


session_reads: BatchedRead = BatchedRead(users_of_sessions, missing=SessionUser({}, None))


async def browser_identity(scope) -> tuple[Any, Any]:
    """The session and user a browser's cookie stands for, as channels' Cookie-, Session- and
    AuthMiddleware find them (the session's hash checked, a stale session flushed), but on
    the read threads (live.dbread) and, for database sessions, in batches (live.batching):
    in a join storm the session and user lookups of thousands of browsers neither queue
    behind chat writes on Django's one thread for sync code nor cost two queries each.

    Done here in one step rather than by channels' three nested middlewares: those stay on
    every socket's stack for its whole life (a coroutine frame and a copy of the scope
    each, the cookies, two lazy objects) and wrap its `send`, so that each frame sent asked
    whether the session had been modified; a socket never saves its session. Nothing is
    cached: a logout or a password change takes effect at the next connection, and
    live.access closes the open ones."""
    cookie = _header(scope, b"cookie")
    key = parse_cookie(cookie).get(settings.SESSION_COOKIE_NAME) if cookie else None
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    if not store.session_key:  # no cookie, or not a valid session key: a guest
        return store, AnonymousUser()
    if settings.SESSION_ENGINE != DB_SESSIONS:
        return store, await read_async(get_user.func)({"session": store})
    found = await session_reads.load(store.session_key)
    # The session as get_user would have loaded it, so that nothing reads it again.
    if not found.data:
        store._session_key = None
    store._session_cache = dict(found.data)
    return store, found.user or AnonymousUser()


MAX_TOKEN_CHARS = 200  # as the `auth` frame's `token` field


def bearer_token(scope) -> tuple[str | None, str | None]:
    """The API token of a script's `Authorization: Bearer <token>` handshake header, so that
    it needs no `auth` frame (one round trip less per connection in a join storm): (token,
    None), (None, None) without the header, or (None, what is wrong with it)."""
    header = _header(scope, b"authorization")
    if header is None:
        return None, None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None, "The Authorization header is not 'Bearer <API token>'."
    if len(token) > MAX_TOKEN_CHARS or not token.isprintable():
        return None, f"The Authorization header's token is not an API token (at most {MAX_TOKEN_CHARS} characters)."
    return token, None


class LiveAuthMiddleware:
    def __init__(self, inner) -> None:
        self.inner = inner

    async def __call__(self, scope, receive, send):
        # Each socket's ASGI queue, smaller for the hours it stays open (live.footprint).
        footprint.slim_receive_queue(receive)
        origin = _header(scope, b"origin")
        if origin is None:
            return await self.inner(dict(scope, user=AnonymousUser()), receive, send)
        if not origin_allowed(origin, scope):
            return await WebsocketDenier()(scope, receive, send)
        session, user = await browser_identity(scope)
        return await self.inner(dict(scope, session=session, user=user), receive, send)
