"""Real processes for system tests: Daphne servers, Redis servers, and a websockets client.

Everything listens on 127.0.0.1 on a free port. A Daphne started here uses the same
database as the test (the SQLite test file, or the PostgreSQL test database), so tests that
use it must be `@pytest.mark.django_db(transaction=True)`: rows are committed and visible
to the server process, and the server's rows to the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from channels.db import database_sync_to_async
from websockets.asyncio.client import ClientConnection, connect

from live.protocol import validate_server_frame

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
RECEIVE_TIMEOUT = 10.0


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    # Remember each phase's report so that fixtures can print server logs of failed tests.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def test_failed(request: pytest.FixtureRequest) -> bool:
    return any(
        getattr(request.node, f"rep_{when}", None) is not None and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_run(count: int) -> int:
    """A first port such that it and the `count - 1` after it are free (for `make cluster`,
    whose Daphnes listen on PORT+1 … PORT+N). Taken below the kernel's ephemeral range, where
    the other test stream's servers and outgoing connections get their ports."""
    rng = random.Random()
    for _ in range(200):
        base = rng.randrange(20000, 32000 - count)
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError(f"no {count} free ports in a row")


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class ServerProcess:
    """A subprocess whose output goes to a log file (a pipe nobody reads could block it)."""

    name = "server"

    def __init__(self, port: int, log_dir: Path) -> None:
        self.port = port
        self.log_path = log_dir / f"{self.name}-{port}-{next(_log_numbers)}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict[str, str]:
        return dict(os.environ)

    def ready(self) -> bool:
        return port_open(self.port)

    def start(self) -> None:
        if self.running:
            return
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=REPO_ROOT,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not self.ready():
            if self.process.poll() is not None:
                code = self.process.returncode
                self.process = None
                raise ServerExited(f"{self.name} on port {self.port} exited with {code}:\n{self.output()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"{self.name} on port {self.port} not ready in {START_TIMEOUT}s:\n{self.output()}")
            time.sleep(0.05)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Terminate (SIGTERM), and kill if it does not exit in time."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        self.process = None

    def kill(self) -> None:
        """SIGKILL: the process dies without any cleanup, like a crashed server."""
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)
        self.process = None

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""


class ServerExited(RuntimeError):
    pass


_log_numbers = itertools.count(1)


class DaphneServer(ServerProcess):
    name = "daphne"

    def __init__(self, port: int, log_dir: Path, env: dict[str, str]) -> None:
        super().__init__(port, log_dir)
        self.env = env

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "config.asgi:application"]

    def environment(self) -> dict[str, str]:
        return self.env


class RedisServer(ServerProcess):
    name = "redis"

    def __init__(self, port: int, log_dir: Path) -> None:
        super().__init__(port, log_dir)
        self.dir = log_dir

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        return [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.dir),
        ]

    def ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64).startswith(b"+PONG")
        except OSError:
            return False


def database_environment() -> dict[str, str]:
    """Point a server process at the database this test uses (the test database)."""
    from django.db import connection

    settings = connection.settings_dict
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        return {"SQLITE_PATH": str(settings["NAME"])}
    if settings["ENGINE"] == "django.db.backends.postgresql":
        user = quote(settings.get("USER") or "", safe="")
        password = quote(settings.get("PASSWORD") or "", safe="")
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = settings.get("HOST") or "127.0.0.1"
        port = f":{settings['PORT']}" if settings.get("PORT") else ""
        return {"DATABASE_URL": f"postgres://{credentials}{host}{port}/{quote(settings['NAME'], safe='')}"}
    raise RuntimeError(f"system tests do not know how to share a {settings['ENGINE']} database")


def server_environment(env_extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(REPO_ROOT),
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "INFO"),
        # The servers validate every frame they build against its model.
        LIVE_VALIDATE_FRAMES="1",
    )
    env.update(database_environment())
    env.update(env_extra or {})
    return env


@pytest.fixture
def server_logs() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="pavilion-system-") as directory:
        yield Path(directory)


def start_on_a_free_port(make: Callable[[int], ServerProcess], attempts: int = 3) -> ServerProcess:
    """make(port) started on a free port; another port when another process (CI runs passes
    side by side) took this one between our probe and the server's bind."""
    for attempt in range(attempts):
        server = make(free_port())
        try:
            server.start()
            return server
        except ServerExited as error:
            if "Address already in use" not in str(error) or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@pytest.fixture
def start_daphne(request, transactional_db, server_logs) -> Callable[..., DaphneServer]:
    """start_daphne(env_extra=None) -> a running DaphneServer on a free port (stopped at teardown)."""
    servers: list[DaphneServer] = []

    def start(env_extra: dict[str, str] | None = None) -> DaphneServer:
        # HLS runs of stages go to the test's temporary directory, not the repo's media/.
        env = server_environment({"STREAMS_HLS_ROOT": str(server_logs / "hls"), **(env_extra or {})})
        for attempt in range(3):
            server = DaphneServer(free_port(), server_logs, env)
            servers.append(server)
            try:
                server.start()
                return server
            except ServerExited as error:
                # Another process took the free port between our probe and Daphne's bind.
                if "Address already in use" not in str(error) or attempt == 2:
                    raise
        raise AssertionError("unreachable")

    yield start
    failed = test_failed(request)
    for server in servers:
        # Killed, not stopped: Daphne's graceful stop takes seconds, and nothing is checked
        # after the test. Tests that check a stop or a crash call stop() or kill() themselves.
        server.kill()
        if failed:
            print(f"\n----- daphne :{server.port} output -----\n{server.output()}", file=sys.stderr)


@pytest.fixture
def daphne_server(start_daphne) -> DaphneServer:
    return start_daphne()


@pytest.fixture
def redis_server(request, server_logs) -> RedisServer:
    """Our own redis-server on a free port: `.url`, `.stop()`, `.start()` (same port again)."""
    server = start_on_a_free_port(lambda port: RedisServer(port, server_logs))
    yield server
    server.stop()
    if test_failed(request):
        print(f"\n----- redis :{server.port} output -----\n{server.output()}", file=sys.stderr)


def record_received(frame: dict[str, Any], reply_to: str | None) -> None:
    from tests import frame_coverage  # the plugin (tests/conftest.py), imported by then

    frame_coverage.record(frame, reply_to)


# --- protocol client ---------------------------------------------------------------


class WsClient:
    """A protocol client over a real WebSocket; validates every frame it receives."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.refs = itertools.count(1)
        self.pending: list[dict[str, Any]] = []
        self.hello: dict[str, Any] = {}
        self.user: dict[str, Any] | None = None
        # The type of each frame sent, by ref: an ack is validated against its command's model.
        self.sent: dict[str | int, str] = {}

    async def _read(self, timeout: float) -> dict[str, Any]:
        text = await asyncio.wait_for(self.ws.recv(), timeout)
        frame = json.loads(text)
        reply_to = self.sent.get(frame.get("ref")) if frame.get("type") in ("ack", "error") else None
        validate_server_frame(frame, reply_to)
        record_received(frame, reply_to)
        return frame

    async def receive(self, timeout: float = RECEIVE_TIMEOUT) -> dict[str, Any]:
        if self.pending:
            return self.pending.pop(0)
        return await self._read(timeout)

    async def send(self, frame_type: str, ref: str | int, **fields: Any) -> None:
        self.sent[ref] = frame_type
        await self.ws.send(json.dumps({"type": frame_type, "ref": ref, **fields}))

    async def request(self, frame_type: str, **fields: Any) -> dict[str, Any]:
        """Send a frame and return its ack or error; other frames are kept for `expect`."""
        ref = fields.pop("ref", None) or f"r{next(self.refs)}"
        await self.send(frame_type, ref, **fields)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RECEIVE_TIMEOUT
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"no answer to {frame_type} ref={ref!r} within {RECEIVE_TIMEOUT}s")
            frame = await self._read(remaining)
            if frame["type"] in ("ack", "error") and frame.get("ref") == ref:
                return frame
            self.pending.append(frame)

    async def ok(self, frame_type: str, **fields: Any) -> dict[str, Any]:
        answer = await self.request(frame_type, **fields)
        assert answer["type"] == "ack", answer
        return answer

    async def error(self, code: str, frame_type: str, **fields: Any) -> dict[str, Any]:
        answer = await self.request(frame_type, **fields)
        assert answer["type"] == "error" and answer["code"] == code, answer
        return answer

    async def post(self, room: str, text: str, **fields: Any) -> dict[str, Any]:
        """chat.send, waiting out the per-person post rate (the server's own limits are in force)."""
        for _ in range(20):
            answer = await self.request("chat.send", room=room, text=text, **fields)
            if answer["type"] == "error" and answer["code"] == "rate_limited":
                await asyncio.sleep(answer["retry_after"])
                continue
            assert answer["type"] == "ack", answer
            return answer
        raise AssertionError(f"still rate limited after 20 tries: {answer}")

    async def expect(
        self,
        frame_type: str,
        timeout: float = RECEIVE_TIMEOUT,
        where: Callable[[dict[str, Any]], bool] | None = None,
        **match: Any,
    ) -> dict[str, Any]:
        """The next frame of this type matching `match` (and `where`); others before it are skipped."""

        def matches(frame: dict[str, Any]) -> bool:
            return (
                frame["type"] == frame_type
                and all(frame.get(k) == v for k, v in match.items())
                and (where is None or where(frame))
            )

        for i, frame in enumerate(self.pending):
            if matches(frame):
                del self.pending[i]
                return frame
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"no matching {frame_type} frame within {timeout}s")
            try:
                frame = await self._read(remaining)
            except TimeoutError:
                raise AssertionError(f"no matching {frame_type} frame within {timeout}s") from None
            if matches(frame):
                return frame

    async def collect_until(
        self, frame_type: str, last: Callable[[dict[str, Any]], bool], timeout: float = RECEIVE_TIMEOUT
    ) -> list[dict[str, Any]]:
        """Every frame of this type up to and including the one `last` accepts, in order: send a
        sentinel after the frames under test, and this is exactly what arrived before it."""
        frames: list[dict[str, Any]] = []
        pending, self.pending = self.pending, []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if pending:
                frame = pending.pop(0)
            else:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise AssertionError(f"no final {frame_type} frame within {timeout}s; got {summary(frames)}")
                try:
                    frame = await self._read(remaining)
                except TimeoutError:
                    raise AssertionError(
                        f"no final {frame_type} frame within {timeout}s; got {summary(frames)}"
                    ) from None
            if frame["type"] != frame_type:
                continue
            frames.append(frame)
            if last(frame):
                self.pending = pending
                return frames

    def abort(self) -> None:
        """Drop the TCP connection without a close frame, like a browser that vanished."""
        self.ws.transport.abort()

    async def close(self) -> None:
        await self.ws.close()


def summary(frames: list[dict[str, Any]], keep: int = 5) -> str:
    """A short description of many frames for assertion messages (not megabytes of text)."""
    seqs = [f.get("seq") for f in frames]
    tail = [{k: (v if len(repr(v)) < 200 else f"{repr(v)[:200]}…") for k, v in f.items()} for f in frames[-keep:]]
    return f"{len(frames)} frames, seqs {seqs[:20]}{'…' if len(seqs) > 20 else ''} {seqs[-5:]}, last: {tail}"


@pytest.fixture
def ws_client():
    """async with ws_client(server, token=None, origin=None) as client: a WsClient that got its hello
    (and, with a token, authenticated with an `auth` frame)."""

    @contextlib.asynccontextmanager
    async def open_client(server: DaphneServer, token: str | None = None, origin: str | None = None):
        async with connect(
            server.ws_url, origin=origin, proxy=None, open_timeout=RECEIVE_TIMEOUT, close_timeout=2
        ) as ws:
            client = WsClient(ws)
            client.hello = await client.receive()
            assert client.hello["type"] == "hello", client.hello
            if token is not None:
                answer = await client.ok("auth", token=token)
                client.user = answer["user"]
            yield client

    return open_client


@pytest.fixture
def api_token(transactional_db):
    """await api_token(user) -> the clear text of a new API token for the user."""
    from accounts.services import create_api_token

    return database_sync_to_async(lambda user: create_api_token(user=user))


@pytest.fixture(autouse=True)
async def close_thread_connections():
    """The async ORM (`acount`, `aget`, …) runs in asgiref's thread, whose PostgreSQL connection
    outlives the test (CONN_MAX_AGE) and would keep the test database from being dropped."""
    yield
    from asgiref.sync import sync_to_async
    from django.db import connections

    await sync_to_async(connections.close_all)()


@pytest.fixture
def loopback_ice(monkeypatch):
    """aioice never offers 127.0.0.1: make this process's peers meet on loopback."""
    import aioice.ice

    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])
