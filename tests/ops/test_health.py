"""/healthz and /readyz through the site's ASGI application (config/health.py), on whichever
database the run uses (SQLite, or PostgreSQL with DATABASE_URL). A real Redis and a database
that is down: tests/system/test_health.py."""

from __future__ import annotations

import json
import socket

import pytest
from asgiref.testing import ApplicationCommunicator

from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def get(path: str, method: str = "GET", client: str = "127.0.0.1", headers=None) -> tuple[int, dict, bytes]:
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": headers or [],
        "client": (client, 50000),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(timeout=60)
    body = b""
    while True:
        chunk = await communicator.receive_output(timeout=60)
        body += chunk.get("body", b"")
        if not chunk.get("more_body"):
            break
    await communicator.send_input({"type": "http.disconnect"})
    await communicator.wait(timeout=5)
    return start["status"], dict(start["headers"]), body


def port_with_nothing_listening() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_healthz_answers():
    # That it needs no database: tests/system/test_health.py (a Daphne whose database is down).
    status, headers, body = await get("/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "ok"}
    assert headers[b"cache-control"] == b"no-store"


async def test_readyz_is_ready_with_the_database_and_no_redis(settings):
    settings.REDIS_URL = ""
    status, _, body = await get("/readyz")
    assert status == 200, body
    assert json.loads(body) == {"status": "ready"}


async def test_readyz_names_redis_when_nothing_listens_on_its_port(settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{port_with_nothing_listening()}/0"
    status, headers, body = await get("/readyz")
    assert status == 503
    assert headers[b"content-type"] == b"application/json"
    answer = json.loads(body)
    assert answer["code"] == "not_ready"
    assert "redis unreachable" in answer["message"]
    assert list(answer["fields"]) == ["redis"], answer


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
async def test_other_methods_are_refused_in_the_error_shape(path):
    status, _, body = await get(path, method="POST")
    assert status == 405
    assert json.loads(body)["code"] == "method_not_allowed"


async def test_head_has_no_body():
    status, _, body = await get("/healthz", method="HEAD")
    assert status == 200 and body == b""


async def test_other_paths_still_reach_django():
    status, _, body = await get("/api/nothing-here", headers=[(b"host", b"127.0.0.1")])
    assert status == 404
    assert json.loads(body)["code"] == "not_found"
