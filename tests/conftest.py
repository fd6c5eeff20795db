"""Shared fixtures: users, rooms, and a WebsocketCommunicator client that speaks the protocol."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator

from accounts.models import User
from live.models import Room
from live.protocol import validate_server_frame

pytest_plugins = ["tests.programme", "tests.frame_coverage"]


def pytest_configure(config):
    from django.conf import settings

    # Worker threads of database_sync_to_async would otherwise keep connections open, and
    # PostgreSQL refuses to drop a test database that still has sessions.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Every frame the server builds is validated against its model (as with DEBUG).
    settings.LIVE["VALIDATE_FRAMES"] = True
    # The demo's generated simulive video (streams.simulive_demo): seconds, not minutes.
    settings.SIMULIVE = {**getattr(settings, "SIMULIVE", {}), "DEMO_SECONDS": 3}
    _flush_postgresql_by_delete()


def _flush_postgresql_by_delete() -> None:
    """Empty PostgreSQL's tables after a transactional test with DELETE, not TRUNCATE.

    Django flushes with one `TRUNCATE` of every table (~140): PostgreSQL gives each a new
    file, 0.6-0.8 s per flush here, after each of the ~500 transactional tests of a pass.
    `DELETE FROM` each table in the flush's one transaction empties the same tables in ~25 ms
    (the tables of a test hold a few rows). Django's foreign keys on PostgreSQL are
    `DEFERRABLE INITIALLY DEFERRED`, so the order of the deletes does not matter; sequences
    are not reset, as with Django's TRUNCATE (reset_sequences=False). A flush asking for
    sequences reset or CASCADE keeps Django's statements."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {self.quote_name(table)}" for table in tables)]

    DatabaseOperations.sql_flush = sql_flush


@pytest.fixture(autouse=True)
async def fresh_live_state():
    # The hub, the in-memory channel layer and the rate tables are process-wide: start
    # every test with empty ones.
    from live.broadcast import hub
    from live.handlers.chat import post_limits
    from live.presence import presence
    from streams.call_reach import callee_limits, caller_limits

    await hub.reset()
    await presence.reset()
    channel_layers.backends.clear()
    post_limits.clear()
    # Call buckets are keyed by user id, and ids are reused after a test's flush.
    caller_limits.clear()
    callee_limits.clear()
    yield
    await hub.reset()
    await presence.reset()
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def empty_cache():
    # Per-person limits (accounts/limits.py) count in the cache, keyed by user id, and ids
    # are reused after a test's rollback: every test starts with nothing counted.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def generous_post_limits(monkeypatch):
    """For tests that post many messages quickly on purpose."""
    from live.handlers.chat import post_limits

    monkeypatch.setattr(post_limits, "burst", 1000)
    monkeypatch.setattr(post_limits, "rate", 1000.0)


@pytest.fixture(scope="session", autouse=True)
def _close_asgiref_thread_connection(django_db_setup):
    """At the end of the run, before the test database is dropped: the connection of asgiref's
    one thread for sync code (database_sync_to_async and the async ORM run there in async
    tests), which outlives each test (CONN_MAX_AGE) and would keep PostgreSQL from dropping
    the database. tests/system closes it after each of its tests; the rest of the suite
    relied on a system test running last."""
    yield
    from asgiref.sync import SyncToAsync
    from django.db import connections

    SyncToAsync.single_thread_executor.submit(connections.close_all).result(timeout=30)


@pytest.fixture(autouse=True)
def _close_live_read_connections():
    """live.dbread's threads keep a database connection each: closed after every test, so
    that none holds the test database open (PostgreSQL refuses to drop it) or outlives a
    flush."""
    yield
    from live import dbread

    dbread.close()


@pytest.fixture
def make_user(transactional_db):
    """await make_user("alice", is_staff=True) -> User"""
    counter = itertools.count(1)

    def make(username: str | None = None, **fields: Any) -> User:
        name = username or f"user{next(counter)}"
        return User.objects.create_user(username=name, password="pw-" + name, display_name=name.title(), **fields)

    return database_sync_to_async(make)


@pytest.fixture
def room(transactional_db) -> Room:
    return Room.objects.create(slug="stage-main", name="Main forum", kind="room")


def record_received(frame: dict[str, Any], reply_to: str | None) -> None:
    from tests import frame_coverage  # the plugin above, imported by then

    frame_coverage.record(frame, reply_to)


class Client:
    """A protocol client over a WebsocketCommunicator; validates every frame it receives."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.ws = communicator
        self.refs = itertools.count(1)
        self.pending: list[dict[str, Any]] = []
        # The type of each frame sent, by ref: an ack is validated against its command's model.
        self.sent: dict[Any, str] = {}

    def _check(self, text: str) -> dict[str, Any]:
        frame = json.loads(text)
        reply_to = self.sent.get(_hashable(frame.get("ref"))) if frame.get("type") in ("ack", "error") else None
        validate_server_frame(frame, reply_to)
        record_received(frame, reply_to)
        return frame

    def _remember(self, text: str) -> None:
        try:
            frame = json.loads(text)
        except (ValueError, RecursionError):
            return  # not a frame the server will ack
        if isinstance(frame, dict) and isinstance(frame.get("type"), str):
            self.sent[_hashable(frame.get("ref"))] = frame["type"]

    async def receive(self, timeout: float = 3) -> dict[str, Any]:
        if self.pending:
            return self.pending.pop(0)
        return self._check(await self.ws.receive_from(timeout=timeout))

    async def send_raw(self, text: str) -> None:
        self._remember(text)
        await self.ws.send_to(text_data=text)

    async def request(self, frame_type: str, **fields: Any) -> dict[str, Any]:
        """Send a frame and return its ack or error; other frames are kept for `expect`."""
        ref = fields.pop("ref", None) or f"r{next(self.refs)}"
        text = json.dumps({"type": frame_type, "ref": ref, **fields})
        self._remember(text)
        await self.ws.send_to(text_data=text)
        while True:
            frame = self._check(await self.ws.receive_from(timeout=5))
            if frame["type"] in ("ack", "error") and frame.get("ref") == ref:
                return frame
            self.pending.append(frame)

    async def ok(self, frame_type: str, **fields: Any) -> dict[str, Any]:
        answer = await self.request(frame_type, **fields)
        assert answer["type"] == "ack", answer
        return answer

    async def expect(self, frame_type: str, timeout: float = 3, **match: Any) -> dict[str, Any]:
        """The next frame of this type (others before it are skipped)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        for i, frame in enumerate(self.pending):
            if frame["type"] == frame_type and all(frame.get(k) == v for k, v in match.items()):
                del self.pending[i]
                return frame
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"no {frame_type} frame within {timeout}s")
            frame = self._check(await self.ws.receive_from(timeout=remaining))
            if frame["type"] == frame_type and all(frame.get(k) == v for k, v in match.items()):
                return frame

    async def nothing(self, timeout: float = 0.3, ignore: tuple[str, ...] = ("presence",)) -> None:
        """Assert that no frame (other than the ignored kinds) arrives within `timeout`."""
        unexpected = [f for f in self.pending if f["type"] not in ignore]
        self.pending.clear()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (remaining := deadline - loop.time()) > 0:
            if await self.ws.receive_nothing(timeout=remaining):
                break
            frame = self._check(await self.ws.receive_from())
            if frame["type"] not in ignore:
                unexpected.append(frame)
        assert unexpected == [], f"unexpected frames: {unexpected}"

    async def close(self) -> None:
        await self.ws.disconnect()


def _hashable(ref: Any) -> Any:
    return ref if isinstance(ref, (str, int, type(None))) else json.dumps(ref)


@pytest.fixture
async def connect(transactional_db):
    """connect(user=None, token=None) -> Client that has received its hello."""
    from config.asgi import application

    clients: list[Client] = []

    async def open_client(
        user: User | None = None, origin: str | None = "http://127.0.0.1:8000", host: str = "127.0.0.1:8000"
    ) -> Client:
        # What a browser sends from a page of the site itself: its Host and the same Origin.
        headers = [(b"host", host.encode())]
        if origin:
            headers.append((b"origin", origin.encode()))
        if user is not None:
            cookie = await database_sync_to_async(session_cookie)(user)
            headers.append((b"cookie", cookie.encode()))
        communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
        connected, _ = await communicator.connect()
        assert connected
        client = Client(communicator)
        hello = await client.receive()
        assert hello["type"] == "hello"
        client.hello = hello
        clients.append(client)
        return client

    yield open_client
    # A communicator whose receive timed out has cancelled its application: disconnecting it
    # raises CancelledError, a BaseException, which pytest does not catch between finalizers
    # (the database flush after this one would be skipped and every later test would find
    # this test's rows). Every client is disconnected, then the trouble is raised as an error.
    troubles: list[str] = []
    for client in clients:
        try:
            await client.ws.disconnect()
        except (Exception, asyncio.CancelledError) as error:
            troubles.append(repr(error))
    if troubles:
        raise RuntimeError(f"clients whose application had stopped: {troubles}")


def session_cookie(user: User) -> str:
    from django.conf import settings
    from django.test import Client as DjangoClient

    django_client = DjangoClient()
    django_client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={django_client.cookies[settings.SESSION_COOKIE_NAME].value}"
