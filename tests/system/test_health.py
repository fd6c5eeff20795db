"""/healthz and /readyz on a real Daphne, with a real Redis and with a database that is down."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.system.conftest import free_port

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def test_ready_with_redis_then_503_naming_redis_when_it_stops(start_daphne, redis_server):
    server = start_daphne({"REDIS_URL": redis_server.url})
    assert get(server.url + "/healthz")[0] == 200
    status, _, body = get(server.url + "/readyz")
    assert status == 200, body
    redis_server.stop()
    status, content_type, body = get(server.url + "/readyz")
    assert status == 503 and content_type == "application/json"
    answer = json.loads(body)
    assert answer["code"] == "not_ready" and list(answer["fields"]) == ["redis"], answer
    # Alive all the same: the load balancer keeps the process, readiness takes it out.
    assert get(server.url + "/healthz")[0] == 200
    redis_server.start()
    assert get(server.url + "/readyz")[0] == 200


def test_503_naming_the_database_when_it_is_down(start_daphne):
    server = start_daphne({"DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/nothing"})
    assert get(server.url + "/healthz")[0] == 200
    status, _, body = get(server.url + "/readyz")
    assert status == 503
    answer = json.loads(body)
    assert list(answer["fields"]) == ["database"], answer
    assert "database unreachable" in answer["message"]
