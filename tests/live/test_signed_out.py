"""A logout or a revoked API token reaches open sockets (live.access, `Credential`): the
sockets that the ended session or the revoked token opened leave their rooms
(`room.removed`) and are closed (4001); the same person's other sockets, opened by another
browser session or another token, stay."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client as DjangoClient

from accounts.models import ApiToken
from accounts.services import create_api_token, revoke_api_token
from live import protocol
from live.access import SIGNED_OUT
from tests.conftest import Client

pytestmark = pytest.mark.django_db(transaction=True)
SITE = [(b"host", b"127.0.0.1:8000"), (b"origin", b"http://127.0.0.1:8000")]


async def socket(headers: list[tuple[bytes, bytes]]) -> Client:
    from config.asgi import application

    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    client = Client(communicator)
    client.hello = await client.receive()
    return client


def browser(user) -> tuple[DjangoClient, list[tuple[bytes, bytes]]]:
    """A logged-in browser: its Django test client and the socket headers of its session."""
    web = DjangoClient()
    web.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={web.cookies[settings.SESSION_COOKIE_NAME].value}"
    return web, [*SITE, (b"cookie", cookie.encode())]


async def assert_signed_out(client: Client, room: str) -> None:
    removed = await client.expect("room.removed", room=room)
    assert removed["reason"] == SIGNED_OUT
    closed = await client.ws.receive_output(timeout=3)
    assert closed["type"] == "websocket.close" and closed["code"] == protocol.CLOSE_SIGNED_OUT


async def test_a_logout_closes_that_session_s_sockets_only(make_user, room):
    alice = await make_user("alice")
    laptop, laptop_headers = await sync_to_async(browser)(alice)
    _, phone_headers = await sync_to_async(browser)(alice)
    on_laptop, on_phone = await socket(laptop_headers), await socket(phone_headers)
    for client in (on_laptop, on_phone):
        assert client.hello["user"]["id"] == alice.pk
        await client.ok("room.join", room=room.slug)

    response = await sync_to_async(laptop.post)("/accounts/logout/")
    assert response.status_code in (200, 302)

    await assert_signed_out(on_laptop, room.slug)
    await on_phone.ok("chat.send", room=room.slug, text="still here on the phone")
    again = await socket(laptop_headers)  # the laptop's old cookie opens a guest's socket now
    assert again.hello["user"] is None
    await again.ws.disconnect()
    await on_phone.ws.disconnect()


@pytest.mark.parametrize("presented", ["header", "auth-frame"])
async def test_a_revoked_token_closes_the_sockets_it_opened(make_user, room, presented):
    bot = await make_user("bot")
    revoked_key = await sync_to_async(create_api_token)(user=bot, name="old")
    kept_key = await sync_to_async(create_api_token)(user=bot, name="new")

    async def opened_with(key: str) -> Client:
        if presented == "header":
            client = await socket([(b"host", b"127.0.0.1:8000"), (b"authorization", f"Bearer {key}".encode())])
        else:
            client = await socket([(b"host", b"127.0.0.1:8000")])
            await client.ok("auth", token=key)
        await client.ok("room.join", room=room.slug)
        return client

    old, new = await opened_with(revoked_key), await opened_with(kept_key)
    token = await sync_to_async(ApiToken.objects.get)(user=bot, name="old")
    await sync_to_async(revoke_api_token)(token=token)

    await assert_signed_out(old, room.slug)
    await new.ok("chat.send", room=room.slug, text="the other token still posts")
    await new.ws.disconnect()
