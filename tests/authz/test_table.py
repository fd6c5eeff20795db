"""Every HTTP endpoint and socket command × every role, against the one table (tests/authz/table.py)."""

from __future__ import annotations

import pytest

from tests.authz.requests import send
from tests.authz.routes import openapi_operations, resolver_routes
from tests.authz.table import SOCKET_TABLE, TABLE
from tests.authz.world import ROLES, build_world


def test_every_route_has_a_row():
    routes = resolver_routes()
    covered = {route for _, route in TABLE}
    assert not routes - covered, f"routes without a row in tests/authz/table.py: {sorted(routes - covered)}"
    assert not covered - routes, f"rows for routes that no longer exist: {sorted(covered - routes)}"


def test_every_api_operation_has_a_row():
    missing = openapi_operations() - set(TABLE)
    assert not missing, f"API operations without a row in tests/authz/table.py: {sorted(missing)}"


def test_every_row_names_every_role():
    for key, answers in TABLE.items():
        assert len(answers.split()) == len(ROLES), key


@pytest.mark.django_db
def test_each_role_gets_the_answer_of_the_table(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    wrong = []
    for (method, route), answers in TABLE.items():
        for role, expected in zip(ROLES, answers.split(), strict=True):
            got = send(world, role, method, route)
            if got != int(expected):
                wrong.append(f"{method} /{route} as {role}: {got}, the table says {expected}")
    assert not wrong, "\n".join(wrong)


def test_every_socket_command_has_a_row():
    import config.asgi  # noqa: F401 - the apps register their commands on import
    from live.registry import COMMANDS
    from tests.authz.socket_frames import frames

    assert set(SOCKET_TABLE) == set(COMMANDS), set(COMMANDS) ^ set(SOCKET_TABLE)
    assert set(frames("room", 1)) == set(COMMANDS)
    for name, answers in SOCKET_TABLE.items():
        assert len(answers.split()) == len(ROLES), name


@pytest.mark.django_db(transaction=True)
async def test_each_role_gets_the_socket_answer_of_the_table(connect, settings, tmp_path):
    from channels.db import database_sync_to_async

    from accounts.models import User
    from tests.authz.socket_frames import frames

    settings.MEDIA_ROOT = tmp_path / "media"
    # One socket per role sends every command in a row: more frames than the connection's
    # burst, so on a fast machine the last ones would be refused for rate, not for the role.
    settings.LIVE = {**settings.LIVE, "CONNECTION_RATE": 10_000, "CONNECTION_BURST": 10_000}
    world = await database_sync_to_async(build_world)()
    target = await database_sync_to_async(lambda: User.objects.create_user(username="target").pk)()
    clients = {role: await connect(world.users[role]) for role in ROLES}
    wrong = []
    for name, fields in frames(world.ids["stage_room"], target).items():
        for role, expected in zip(ROLES, SOCKET_TABLE[name].split(), strict=True):
            answer = await clients[role].request(name, **fields)
            got = "ok" if answer["type"] == "ack" else answer["code"]
            if got != expected:
                wrong.append(f"{name} as {role}: {got}, the table says {expected}")
    assert not wrong, "\n".join(wrong)
