"""A browser's session cookie on the socket (live.auth.browser_identity): the session and user
found in one step on the read threads, for the database sessions of the default settings and
for any other session engine, among the other cookies a browser sends."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from tests.conftest import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = "http://127.0.0.1:8000"


async def hello_for(cookie: str | None) -> dict:
    from config.asgi import application

    headers = [(b"host", b"127.0.0.1:8000"), (b"origin", ORIGIN.encode())]
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    try:
        return await communicator.receive_json_from(timeout=10)
    finally:
        await communicator.disconnect()


async def test_the_session_cookie_among_others_logs_the_browser_in(make_user):
    user = await make_user("ada")
    cookie = await database_sync_to_async(session_cookie)(user)
    hello = await hello_for(f"csrftoken=abc; theme=dark; {cookie}; lang=zh-hans")
    assert hello["type"] == "hello" and hello["user"]["id"] == user.pk


@pytest.mark.parametrize(
    "cookie",
    [None, "", "theme=dark", f"{settings.SESSION_COOKIE_NAME}=", f"{settings.SESSION_COOKIE_NAME}=short"],
)
async def test_no_usable_session_is_a_guest(cookie):
    hello = await hello_for(cookie)
    assert hello["type"] == "hello" and hello["user"] is None


async def test_a_session_key_nobody_has_is_a_guest():
    hello = await hello_for(f"{settings.SESSION_COOKIE_NAME}={'x' * 32}")
    assert hello["user"] is None


async def test_a_cache_session_engine_logs_in_and_a_logout_ends_it(make_user, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    user = await make_user("grace")
    cookie = await database_sync_to_async(session_cookie)(user)
    assert (await hello_for(cookie))["user"]["id"] == user.pk

    def log_out() -> None:
        from importlib import import_module

        key = cookie.split("=", 1)[1]
        import_module(settings.SESSION_ENGINE).SessionStore(key).delete()

    await database_sync_to_async(log_out)()
    assert (await hello_for(cookie))["user"] is None
