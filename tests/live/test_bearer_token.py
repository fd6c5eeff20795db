"""A script's API token in the handshake (`Authorization: Bearer <token>`): the socket opens
as that person, with no `auth` frame; a token that is unknown, revoked or not a token gets an
`auth_failed` error naming the header, and the socket stays open as a guest (an `auth`
frame may follow). A token that is revoked later closes its open sockets' rights as an
`auth` frame's would."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.models import ApiToken
from accounts.services import create_api_token
from live.models import ChatMessage
from tests.conftest import Client

pytestmark = pytest.mark.django_db(transaction=True)


async def open_with(authorization: str | bytes | None) -> Client:
    from config.asgi import application

    headers = [(b"host", b"127.0.0.1:8000")]
    if authorization is not None:
        raw = authorization if isinstance(authorization, bytes) else authorization.encode()
        headers.append((b"authorization", raw))
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    client = Client(communicator)
    client.hello = await client.receive()
    assert client.hello["type"] == "hello"
    return client


async def test_the_handshake_token_is_the_person(make_user, room):
    user = await make_user("scripted")
    token = await database_sync_to_async(create_api_token)(user=user)
    client = await open_with(f"Bearer {token}")
    try:
        assert client.hello["user"]["id"] == user.pk
        await client.ok("room.join", room=room.slug)
        sent = await client.ok("chat.send", room=room.slug, text="posted without an auth frame")
        stored = await database_sync_to_async(ChatMessage.objects.get)(pk=sent["message_id"])
        assert stored.author_id == user.pk
        refused = await client.request("auth", token=token)
        assert refused["code"] == "invalid_state"  # authenticated already
        client_lower = await open_with(f"bearer   {token}  ")  # the scheme is case-insensitive
        assert client_lower.hello["user"]["id"] == user.pk
        await client_lower.close()
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("Bearer pv_unknown", "unknown or revoked"),
        ("Basic dXNlcjpwYXNz", "not 'Bearer <API token>'"),
        ("Bearer ", "not 'Bearer <API token>'"),
        ("Bearer " + "x" * 201, "not an API token"),
        (b"Bearer pv_\x01\x02", "not an API token"),
    ],
    ids=["unknown", "other-scheme", "empty", "oversized", "control-characters"],
)
async def test_a_bad_header_is_named_and_the_socket_stays_a_guest(make_user, room, header, named):
    user = await make_user("scripted")
    token = await database_sync_to_async(create_api_token)(user=user)
    client = await open_with(header)
    try:
        assert client.hello["user"] is None
        error = await client.expect("error")
        assert error["code"] == "auth_failed" and named in error["message"], error
        assert "Authorization" in error["message"]
        watcher = await open_with(header)
        await watcher.ok("room.join", room=room.slug)  # a guest may watch
        assert (await watcher.request("chat.send", room=room.slug, text="hi"))["code"] == "auth_required"
        await watcher.close()
        answer = await client.ok("auth", token=token)  # or authenticate after all
        assert answer["user"]["id"] == user.pk
    finally:
        await client.close()


async def test_a_revoked_token_opens_no_socket_as_its_person(make_user):
    user = await make_user("scripted")
    token = await database_sync_to_async(create_api_token)(user=user)
    await database_sync_to_async(ApiToken.objects.filter(user=user).update)(revoked=True)
    client = await open_with(f"Bearer {token}")
    try:
        assert client.hello["user"] is None
        assert (await client.expect("error"))["code"] == "auth_failed"
    finally:
        await client.close()
