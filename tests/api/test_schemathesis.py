"""schemathesis against the site's OpenAPI document (config/api.py): generated requests to
every operation, as each role (session cookie with a valid CSRF token), through the WSGI
application: whatever the input, never a 5xx, and every refusal in the one error shape."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.authz.world import build_world

pytestmark = pytest.mark.django_db
# A few roles that see different answers: none, any logged-in person, a booth's staff, the organizers.
ROLES = ("guest", "attendee", "own_staff", "organizer")
EXAMPLES = 2  # per operation, each sent as every role: about a minute on a loaded 2-core machine


@pytest.fixture
def wsgi_app():
    # As Django's test client does: a request must not close the test's database connection.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)


@pytest.fixture
def world(db, settings_fast):
    return build_world()


@pytest.fixture
def settings_fast(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RATE_LIMITS = {"lead": "0", "call_request": "0", "application": "0"}


def test_no_input_gets_a_server_error(api_schema, world):
    """For every operation, generated cases (valid and invalid input) sent as every role."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20  # the document really lists the site's API
    cookies = {role: world.session_cookie(role) for role in ROLES}
    calls = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def send_everything(data: st.DataObject) -> None:
        nonlocal calls
        for operation in operations:
            case = data.draw(operation.as_strategy(), label=operation.label)
            for role in ROLES:
                response = case.call(cookies=cookies[role], headers={"X-CSRFToken": cookies[role]["csrftoken"]})
                calls += 1
                where = f"{role}: {case.method} {case.formatted_path}"
                assert response.status_code < 500, f"{where} -> {response.status_code} {response.text[:300]}"
                if response.status_code >= 400 and "json" in response.headers.get("Content-Type", [""])[0]:
                    body = response.json()
                    assert isinstance(body, dict) and "code" in body and "message" in body, (where, body)

    send_everything()
    assert calls >= len(operations) * len(ROLES)
