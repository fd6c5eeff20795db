"""What every JSON endpoint of the site shares (docs/api.md, "Errors"): one error shape,
the exceptions that become it, the session and bearer-token callers, the JSON renderer.

The site has one django-ninja API (config/api.py); apps add their routers to it. Any
refusal, from any router, reaches the client as

    {"code": "not_found", "message": "No room 'x'.", "fields": {"zone": ["..."]}}

`fields` only when a field is to blame; `retry_after` (seconds) on 429. The same `code`
vocabulary as the socket's `error` frames (docs/protocol.md), so a client reads both alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from accounts.i18n import bilingual
from accounts.limits import RateLimited
from accounts.services import authenticate_token
from live.errors import LiveError
from live.protocol import ErrorCode

logger = logging.getLogger("pavilion.api")

AUTH_REQUIRED = _("Please log in.")
NOT_FOUND = _("Not found.")

# The status of a LiveError raised under HTTP; any other code is a 400.
LIVE_STATUS: dict[str, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.AUTH_REQUIRED: 401,
    ErrorCode.AUTH_FAILED: 401,
    ErrorCode.BANNED: 403,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.RATE_LIMITED: 429,
}
# The code of a bare HTTP status (a ninja HttpError, a 404 from the URL resolver, a 405).
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "auth_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_fields",
    429: "rate_limited",
    500: "server_error",
}

STATUS_MESSAGES: dict[int, str | Promise] = {403: "Not allowed.", 404: NOT_FOUND, 405: "Method not allowed."}


class ErrorOut(Schema):
    """Every JSON endpoint's refusal (docs/api.md, "Errors")."""

    code: str
    message: str
    fields: dict[str, list[str]] | None = None
    retry_after: int | None = None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`response={200: X, **errors(401, 404)}`: the refusals an operation documents."""
    return dict.fromkeys(statuses, ErrorOut)


class ApiError(Exception):
    """A refusal with its own status and code, raised anywhere under a router."""

    def __init__(
        self, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: Any
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.extra = extra


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": str(code), "message": message}
    if fields:
        body["fields"] = fields
    body.update({key: value for key, value in extra.items() if value is not None})
    return body


def error_response(
    status: int, code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: Any
) -> JsonResponse:
    response = JsonResponse(
        error_body(code, message, fields, **extra), status=status, json_dumps_params={"ensure_ascii": False}
    )
    if extra.get("retry_after") is not None:
        response["Retry-After"] = str(extra["retry_after"])
    return response


# Apps map their own exceptions to a status and code (streams: an unknown time zone).
_MAPPED: dict[type[Exception], tuple[int, str]] = {}


def map_exception(exc_class: type[Exception], status: int, code: str) -> None:
    """Answer `exc_class` (and its subclasses) with `status` and `code`, its str as message."""
    _MAPPED[exc_class] = (status, code)


def django_validation_code(exc: DjangoValidationError) -> str:
    errors_ = [e for errs in exc.error_dict.values() for e in errs] if hasattr(exc, "error_dict") else exc.error_list
    return next((e.code for e in errors_ if e.code), "invalid")


def _ninja_fields(errors_: list[dict[str, Any]]) -> dict[str, list[str]]:
    """ninja's [{"loc": ["query", "limit"], "msg": ...}] as {"limit": [msg]}."""
    fields: dict[str, list[str]] = {}
    for item in errors_:
        loc = [str(part) for part in item.get("loc", ()) if part not in ("query", "path", "body", "form", "header")]
        fields.setdefault(".".join(loc) or "request", []).append(str(item.get("msg", "invalid")))
    return fields


def exception_answer(exc: Exception) -> tuple[int, dict[str, Any]] | None:
    """The status and body of a refusal, or None for an unexpected error (a server error)."""
    if isinstance(exc, ApiError):
        return exc.status, error_body(exc.code, exc.message, exc.fields, **exc.extra)
    if isinstance(exc, LiveError):
        status = LIVE_STATUS.get(exc.code, 400)
        extra = {k: v for k, v in exc.extra.items() if k == "retry_after"}
        return status, error_body(exc.code, exc.message, **extra)
    if isinstance(exc, RateLimited):
        return 429, error_body(ErrorCode.RATE_LIMITED, exc.message, retry_after=exc.retry_after)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else None
        return 400, error_body(django_validation_code(exc), " ".join(exc.messages), fields)
    if isinstance(exc, NinjaValidationError):
        fields = _ninja_fields(exc.errors)
        message = "; ".join(f"{name}: {' '.join(problems)}" for name, problems in fields.items())
        return 422, error_body(ErrorCode.INVALID_FIELDS, message, fields)
    if isinstance(exc, AuthenticationError):
        return 401, error_body(ErrorCode.AUTH_REQUIRED, bilingual(AUTH_REQUIRED))
    if isinstance(exc, PermissionDenied):
        return 403, error_body(ErrorCode.FORBIDDEN, str(exc) or "Not allowed.")
    if isinstance(exc, (ObjectDoesNotExist, Http404)):
        return 404, error_body(ErrorCode.NOT_FOUND, bilingual(NOT_FOUND))
    if isinstance(exc, HttpError):
        extra = {"retry_after": getattr(exc, "wait", None)}
        return exc.status_code, error_body(STATUS_CODES.get(exc.status_code, "error"), str(exc), **extra)
    for exc_class, (status, code) in _MAPPED.items():
        if isinstance(exc, exc_class):
            return status, error_body(code, str(exc))
    return None


def install_error_handlers(api: NinjaAPI) -> None:
    """Replaces ninja's own answers ({"detail": ...}, 422 lists, tracebacks) with ours."""

    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        answer = exception_answer(exc)
        if answer is None:
            logger.exception("Unexpected error on %s %s", request.method, request.path, exc_info=exc)
            answer = 500, error_body(ErrorCode.SERVER_ERROR, bilingual(_("Server error: it has been logged.")))
        status, body = answer
        response = api.create_response(request, body, status=status)
        if body.get("retry_after") is not None:
            response["Retry-After"] = str(body["retry_after"])
        return response

    # ninja looks handlers up along the exception's MRO: Exception catches what the others don't.
    for exc_class in (Exception, Http404, HttpError, NinjaValidationError, AuthenticationError):
        api.add_exception_handler(exc_class, handle)


class Utf8JSONRenderer(JSONRenderer):
    """Chinese stays readable in answers (as the hand-built answers had it)."""

    json_dumps_params = {"ensure_ascii": False}


class SessionAuth(NinjaSessionAuth):
    """The browser's session, with Django's CSRF check on unsafe methods (before the log-in
    check, as CsrfViewMiddleware did for plain views); a refusal in our error shape."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise ApiError(403, "csrf_failed", bilingual(_("CSRF check failed: reload the page.")))
        return request.COOKIES.get(self.param_name)


session_auth = SessionAuth()


def caller(request: HttpRequest):
    """The session's user, or the owner of a bearer token (an unknown token is refused)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = authenticate_token(header[7:].strip())
        if user is None:
            raise LiveError(ErrorCode.AUTH_REQUIRED, "Unknown or revoked API token.")
        return user
    return request.user


def _is_json_api_path(path: str) -> bool:
    if any(path.startswith(prefix) for prefix in settings.JSON_API_PREFIXES):
        return True
    return any(path.startswith(prefix) and path.endswith(".json") for prefix in settings.JSON_DOCUMENT_PREFIXES)


class JsonErrorMiddleware:
    """Refusals that never reach a router's handlers (the URL resolver's 404, ninja's 405 for
    a method an operation does not take, Django's own 500 page) in the same error shape,
    under the JSON API's paths only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not _is_json_api_path(request.path):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        message = bilingual(STATUS_MESSAGES.get(status, f"HTTP {status}"))
        replaced = error_response(status, STATUS_CODES.get(status, "error"), message)
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not _is_json_api_path(request.path):
            return None
        answer = exception_answer(exception)
        if answer is None:
            logger.exception("Unexpected error on %s %s", request.method, request.path, exc_info=exception)
            return error_response(500, ErrorCode.SERVER_ERROR, bilingual(_("Server error: it has been logged.")))
        status, body = answer
        response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
        if body.get("retry_after") is not None:
            response["Retry-After"] = str(body["retry_after"])
        return response
