"""The WebSocket Origin is compared in full (scheme, host, port): a page on another port of the
same host, or over http for an https site, is another site and may not use the session cookie.
Before, only the host name was checked (http://127.0.0.1:9999 and https://localhost were let in)."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from live.auth import normalize_origin, origin_allowed
from tests.conftest import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def scope(host: str | None, scheme: str = "ws", **headers: str) -> dict:
    raw = [(b"host", host.encode())] if host else []
    raw += [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()]
    return {"type": "websocket", "scheme": scheme, "headers": raw}


@pytest.mark.parametrize(
    ("origin", "host", "scheme", "allowed"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", "ws", True),
        ("HTTP://LOCALHOST:8000", "localhost:8000", "ws", True),
        ("http://localhost", "localhost:80", "ws", True),
        ("https://localhost", "localhost", "wss", True),
        ("http://[::1]:8000", "[::1]:8000", "ws", True),
        # Another port on the same host: another site.
        ("http://127.0.0.1:9999", "127.0.0.1:8000", "ws", False),
        ("http://localhost:8001", "localhost:8000", "ws", False),
        # Another scheme.
        ("https://localhost", "localhost", "ws", False),
        ("https://127.0.0.1:8000", "127.0.0.1:8000", "ws", False),
        ("http://localhost", "localhost", "wss", False),
        # Another host, a host not in ALLOWED_HOSTS, junk.
        ("http://localhost:8000", "127.0.0.1:8000", "ws", False),
        ("http://evil.example:8000", "evil.example:8000", "ws", False),
        ("null", "127.0.0.1:8000", "ws", False),
        ("http://127.0.0.1:8000/path", "127.0.0.1:8000", "ws", False),
        ("http://u:p@127.0.0.1:8000", "127.0.0.1:8000", "ws", False),
        ("http://127.0.0.1:99999", "127.0.0.1:8000", "ws", False),
        ("ws://127.0.0.1:8000", "127.0.0.1:8000", "ws", False),
    ],
)
def test_origin_compared_in_full(origin, host, scheme, allowed):
    assert origin_allowed(origin, scope(host, scheme)) is allowed


def test_no_host_no_own_origin():
    assert origin_allowed("http://127.0.0.1:8000", scope(None)) is False


def test_allowed_origins_are_full_origins(settings):
    settings.LIVE = {**settings.LIVE, "ALLOWED_ORIGINS": ["https://app.example.com", "http://localhost:3000"]}
    request = scope("127.0.0.1:8000")
    assert origin_allowed("https://app.example.com", request)
    assert origin_allowed("https://app.example.com:443", request)
    assert origin_allowed("http://localhost:3000", request)
    assert not origin_allowed("http://app.example.com", request)
    assert not origin_allowed("https://app.example.com:8443", request)
    assert not origin_allowed("http://localhost:3001", request)


def test_behind_a_tls_proxy_the_forwarded_scheme_counts(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    behind_proxy = scope("localhost", x_forwarded_proto="https")
    assert origin_allowed("https://localhost", behind_proxy)
    assert not origin_allowed("http://localhost", behind_proxy)
    assert origin_allowed("http://localhost", scope("localhost", x_forwarded_proto="http"))


def test_normalize_origin():
    assert normalize_origin("https://Example.COM") == "https://example.com:443"
    assert normalize_origin("http://[::1]") == "http://[::1]:80"
    assert normalize_origin("ftp://example.com") is None


async def session_socket(user, origin: str, host: str = "127.0.0.1:8000") -> tuple[bool, WebsocketCommunicator]:
    from config.asgi import application

    cookie = await database_sync_to_async(session_cookie)(user)
    headers = [(b"host", host.encode()), (b"origin", origin.encode()), (b"cookie", cookie.encode())]
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    return connected, communicator


@pytest.mark.parametrize("origin", ["http://127.0.0.1:9999", "https://127.0.0.1:8000", "http://localhost:8000"])
async def test_a_foreign_origin_with_the_session_cookie_is_refused(make_user, origin):
    user = await make_user("alice")
    connected, communicator = await session_socket(user, origin)
    assert not connected
    await communicator.disconnect()


async def test_the_sites_own_origin_is_logged_in(make_user):
    import json

    user = await make_user("alice")
    connected, communicator = await session_socket(user, "http://127.0.0.1:8000")
    assert connected
    hello = json.loads(await communicator.receive_from())
    assert hello["user"]["id"] == user.pk
    await communicator.disconnect()
