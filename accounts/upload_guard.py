"""Request bodies judged before they are read: who may send one, and how big it may be.

Django reads a request's whole body before the view runs (under ASGI into a temporary
file), so a view's permission check comes after an attendee's 50 MB upload was received.
Here the decision is made from the request line and headers alone:

- every request with a body is capped (`settings.MAX_REQUEST_BYTES`, 413 past it);
- endpoints that take uploads register themselves (`register`, e.g. halls/uploads.py) with
  their own cap and a permission check, run on the session cookie (or a Bearer API token)
  before one byte of the body is read: 401 / 403 / 404 as the view would answer, then 413
  for an upload over the endpoint's cap.

Two places apply it: `UploadGuardMiddleware` (ASGI, around Django: any server, and bodies
without Content-Length are counted as they stream in) and, under Daphne, which receives
the whole body before it starts the application, config/daphne_guard.py at the moment
Daphne has the headers: the refusal is sent while the client is still sending.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from types import SimpleNamespace
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual

logger = logging.getLogger(__name__)
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MB = 1024 * 1024
DEFAULT_MAX_REQUEST_BYTES = 3 * MB


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str

    def body(self) -> bytes:
        return json.dumps({"code": self.code, "message": self.message}, ensure_ascii=False).encode()


@dataclass(frozen=True)
class Verdict:
    refusal: Refusal | None
    max_bytes: int


@dataclass(frozen=True)
class GuardedEndpoint:
    """An upload endpoint: `max_bytes(params)` its cap, `check(user, params)` raises
    PermissionDenied (403) or ObjectDoesNotExist (404) for someone who may not send it."""

    pattern: re.Pattern[str]
    methods: frozenset[str]
    max_bytes: Callable[[dict[str, str]], int]
    check: Callable[[Any, dict[str, str]], None]


_endpoints: list[GuardedEndpoint] = []


def register(
    pattern: str,
    *,
    max_bytes: Callable[[dict[str, str]], int],
    check: Callable[[Any, dict[str, str]], None],
    methods: tuple[str, ...] = ("POST",),
) -> None:
    """Guard an upload endpoint; `pattern` is a regex over the path (named groups become params)."""
    compiled = re.compile(pattern)
    if any(e.pattern.pattern == compiled.pattern for e in _endpoints):
        return  # ready() may run twice in tests
    _endpoints.append(GuardedEndpoint(compiled, frozenset(methods), max_bytes, check))


def max_request_bytes() -> int:
    return int(getattr(settings, "MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES))


def endpoint_for(method: str, path: str) -> tuple[GuardedEndpoint, dict[str, str]] | None:
    for endpoint in _endpoints:
        if method in endpoint.methods and (match := endpoint.pattern.fullmatch(path)):
            return endpoint, match.groupdict()
    return None


def size_text(n: int) -> str:
    return f"{n / MB:.1f}".removesuffix(".0") + " MB" if n >= MB else f"{max(1, n // 1024)} KB"


def too_large(limit: int) -> Refusal:
    return Refusal(
        413,
        "too_large",
        bilingual(_("The request is larger than this endpoint accepts (%(limit)s)."), limit=size_text(limit)),
    )


def parse_length(headers: dict[bytes, bytes]) -> int | None:
    raw = headers.get(b"content-length")
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        return -1
    return value if value >= 0 else -1


def needs_judging(method: str, path: str) -> bool:
    return method in BODY_METHODS and endpoint_for(method, path) is not None


def quick_verdict(method: str, path: str, length: int | None) -> Verdict | None:
    """The decision that needs no database: None when an endpoint's check must run."""
    if method not in BODY_METHODS:
        return Verdict(None, max_request_bytes())
    if length == -1:
        return Verdict(Refusal(400, "bad_length", "Content-Length is not a number."), 0)
    if endpoint_for(method, path) is not None:
        return None
    cap = max_request_bytes()
    return Verdict(too_large(cap) if length is not None and length > cap else None, cap)


def _user(headers: dict[bytes, bytes]):
    from django.contrib.auth import get_user
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    authorization = headers.get(b"authorization", b"").decode("latin-1")
    if authorization.lower().startswith("bearer "):
        from accounts.services import authenticate_token

        return authenticate_token(authorization[7:].strip()) or AnonymousUser()
    try:
        cookies = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
    except CookieError:
        return AnonymousUser()
    morsel = cookies.get(settings.SESSION_COOKIE_NAME)
    if morsel is None:
        return AnonymousUser()
    engine = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    session: SessionBase = engine(morsel.value)
    return get_user(SimpleNamespace(session=session))


def judge_sync(method: str, path: str, headers: dict[bytes, bytes]) -> Verdict:
    """The whole decision, from the request line and headers (uses the database)."""
    length = parse_length(headers)
    quick = quick_verdict(method, path, length)
    if quick is not None:
        return quick
    found = endpoint_for(method, path)
    assert found is not None
    endpoint, params = found
    from django.db import close_old_connections

    close_old_connections()
    user = _user(headers)
    cap = endpoint.max_bytes(params)
    if not user.is_authenticated:
        return Verdict(Refusal(401, "auth_required", bilingual(_("Please log in."))), cap)
    try:
        endpoint.check(user, params)
    except PermissionDenied as exc:
        return Verdict(Refusal(403, "forbidden", str(exc) or bilingual(_("Not allowed."))), cap)
    except ObjectDoesNotExist:
        return Verdict(Refusal(404, "not_found", bilingual(_("Not found."))), cap)
    if length is not None and length > cap:
        return Verdict(too_large(cap), cap)
    return Verdict(None, cap)


async def judge(method: str, path: str, headers: dict[bytes, bytes]) -> Verdict:
    """`judge_sync` off the event loop; an unexpected error lets the request through to the
    view, which checks again (the guard must never be the thing that breaks a request)."""
    quick = quick_verdict(method, path, parse_length(headers))
    if quick is not None:
        return quick
    try:
        return await sync_to_async(judge_sync, thread_sensitive=True)(method, path, headers)
    except Exception:
        logger.exception("upload guard failed for %s %s; left to the view", method, path)
        return Verdict(None, max_request_bytes())


def response_start(refusal: Refusal) -> dict[str, Any]:
    return {
        "type": "http.response.start",
        "status": refusal.status,
        "headers": [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(refusal.body())).encode()),
            (b"connection", b"close"),
        ],
    }


# Set by config/daphne_guard.py under Daphne: requests it already judged carry this header
# with this process's secret, so the middleware does not ask the database twice.
JUDGED_HEADER = b"x-pavilion-body-judged"
judged_secret: bytes | None = None


class UploadGuardMiddleware:
    """ASGI middleware around Django's application (config/asgi.py)."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            return await self.app(scope, receive, send)
        headers = {name.lower(): value for name, value in scope["headers"]}
        if judged_secret is not None and headers.get(JUDGED_HEADER) == judged_secret:
            found = endpoint_for(scope["method"], scope["path"])
            verdict = Verdict(None, found[0].max_bytes(found[1]) if found else max_request_bytes())
        else:
            verdict = await judge(scope["method"], scope["path"], headers)
        if verdict.refusal is not None:
            await send(response_start(verdict.refusal))
            await send({"type": "http.response.body", "body": verdict.refusal.body()})
            return
        cap, received, refused = verdict.max_bytes, 0, False

        async def counted_receive() -> dict[str, Any]:
            # A body without Content-Length (chunked) or longer than it said: cut at the cap.
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    refused = True
                    refusal = too_large(cap)
                    await send(response_start(refusal))
                    await send({"type": "http.response.body", "body": refusal.body()})
                    return {"type": "http.disconnect"}  # Django stops reading, sends nothing
            return message

        await self.app(scope, counted_receive, send)
