"""One error shape for every JSON endpoint (docs/api.md, "Errors"): {"code", "message",
"fields"?} from ninja's validation, the URL resolver, a wrong method, a missing log-in, a
failed CSRF check and a server error alike; and every JSON endpoint in the OpenAPI document."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from live.errors import LiveError
from live.http_api import exception_answer
from live.protocol import ErrorCode

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    assert set(body) <= {"code", "message", "fields", "retry_after"}, body
    return body


def test_validation_errors_name_their_fields(client, main_forum):
    body = assert_error_shape(
        client.get(f"/api/rooms/{main_forum.room.slug}/history", {"limit": 0}), 422, "invalid_fields"
    )
    assert list(body["fields"]) == ["limit"] and "limit" in body["message"]


def test_not_found_from_the_url_resolver_is_json(client):
    # `abc` is no id: Django's resolver answers before any router does.
    assert_error_shape(client.get("/exhibition/api/booths/abc/content/"), 404, "not_found")
    assert_error_shape(client.get("/api/no-such-endpoint"), 404, "not_found")


def test_a_method_an_endpoint_does_not_take_is_json(client):
    response = client.put("/api/events/")
    assert_error_shape(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_log_in_required_is_json(client):
    assert_error_shape(client.get("/exhibition/api/booths/1/content/edit/"), 401, "auth_required")


def test_csrf_is_checked_before_the_log_in_as_before(django_user_model):
    browser = Client(enforce_csrf_checks=True)
    url = "/exhibition/api/booths/999/content/posters/"
    assert_error_shape(browser.post(url, {"title": "x"}), 403, "csrf_failed")
    user = django_user_model.objects.create_user("csrf", password="x")
    browser.force_login(user)
    assert_error_shape(browser.post(url, {"title": "x"}), 403, "csrf_failed")
    # As a page gets it: every page a logged-in person opens carries a form (log out) with the token.
    token = browser.get("/").cookies.get(settings.CSRF_COOKIE_NAME)
    assert token is not None
    answer = browser.post(url, {"title": "x"}, headers={"X-CSRFToken": token.value})
    assert_error_shape(answer, 404, "not_found")


def test_a_server_error_is_json_and_logged(client, monkeypatch, caplog):
    from streams import selectors

    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(selectors, "list_events", broken)
    body = assert_error_shape(client.get("/api/events/"), 500, "server_error")
    assert "database" not in body["message"]  # no internals to the client
    assert any("the database went away" in (r.exc_text or str(r.exc_info)) for r in caplog.records)


def test_rate_limits_are_429_with_retry_after():
    status, body = exception_answer(LiveError(ErrorCode.RATE_LIMITED, "Slow down.", retry_after=3))
    assert status == 429 and body == {"code": "rate_limited", "message": "Slow down.", "retry_after": 3}


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _is_json_route(route: str) -> bool:
    if route.startswith(tuple(p.lstrip("/") for p in settings.JSON_API_PREFIXES)):
        return True
    documents = tuple(p.lstrip("/") for p in settings.JSON_DOCUMENT_PREFIXES)
    return route.startswith(documents) and route.endswith(".json")


def test_every_json_endpoint_is_an_operation_of_the_one_api():
    documented = set(api.get_openapi_schema()["paths"])
    outside = []
    for route, view in _routes(get_resolver().url_patterns):
        if not _is_json_route(route) or route in ("api/openapi.json", "api/docs"):  # the document itself
            continue
        if getattr(view, "__qualname__", "").startswith("PathView."):
            continue
        outside.append(route)
    assert outside == [], f"JSON endpoints outside the ninja API (config/api.py): {outside}"
    for path in ("/api/events/", "/exhibition/api/booths/{pk}/content/", "/exhibition/api/applications/"):
        assert path in documented
    assert "/exhibition/scenes/hall/{slug}.json" in documented
