"""HTTP answers for refusals raised below the views (services), whatever serves the view."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from accounts.limits import RateLimited


def rate_limited_response(exc: RateLimited) -> JsonResponse:
    response = JsonResponse(
        {"code": "rate_limited", "message": exc.message, "retry_after": exc.retry_after},
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


class RateLimitMiddleware:
    """A service's RateLimited becomes 429 with Retry-After, for every plain view that lets
    it through (the site's ninja API answers it itself: live/http_api.py), in the JSON
    API's one error shape (docs/api.md)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return rate_limited_response(exception)
        return None
