"""Browser tests: a real Daphne subprocess and a real headless Chromium (Debian's).

The server uses the test database (the SQLite test file, or the PostgreSQL test database
when DATABASE_URL is set), so tests are `django_db(transaction=True)`: rows the test writes
are committed and visible to the server, and the server's rows to the test.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest
from channels.layers import channel_layers

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 30.0
ACTION_TIMEOUT = 15_000  # ms: the longest an action or an expectation waits for its state
NAVIGATION_TIMEOUT = 30_000  # ms
STOP_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def database_environment() -> dict[str, str]:
    """Point the server at the database this test uses."""
    from django.db import connection

    settings_dict = connection.settings_dict
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return {"SQLITE_PATH": str(settings_dict["NAME"])}
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return {"DATABASE_URL": f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"}


class Daphne:
    """`python -m daphne` on 127.0.0.1:<port>; stop() and start() again keep the port."""

    def __init__(self, port: int, env: dict[str, str], log_path: Path) -> None:
        self.port = port
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None
        self.mail_dir: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process is None, "already running"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "config.asgi:application"],
                cwd=REPO_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not port_open(self.port):
            if self.process.poll() is not None:
                code = self.process.returncode
                self.process = None
                raise RuntimeError(f"daphne exited with {code}:\n{self.output()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"daphne not listening within {START_TIMEOUT}s:\n{self.output()}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=STOP_TIMEOUT)
        self.process = None
        # Wait until the port is free again, so that a restart can bind it.
        deadline = time.monotonic() + STOP_TIMEOUT
        while port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL to its process group: for the teardown, where nothing waits on a graceful
        stop (which takes Daphne seconds); tests that stop the server call stop()."""
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


@pytest.fixture
def server(transactional_db, request) -> Iterator[Daphne]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # one process: the in-memory hub
    env.update(database_environment())
    env.update({"DEBUG": "1", "PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": "config.settings"})
    log_dir = Path(tempfile.mkdtemp(prefix="pavilion-e2e-"))
    env.setdefault("STREAMS_HLS_ROOT", str(log_dir / "hls"))  # stages' HLS runs: not in the repo's media/
    mail_dir = None
    if getattr(request.module, "SERVER_MAIL_TO_FILES", False):
        # The module reads the e-mails the server sent (sent_mail below): Django's file backend.
        mail_dir = log_dir / "mail"
        mail_dir.mkdir()
        for name in ("EMAIL_URL", "EMAIL_HOST"):
            env.pop(name, None)
        env["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
        env["EMAIL_FILE_PATH"] = str(mail_dir)
    for attempt in range(3):
        daphne = Daphne(free_port(), env, log_dir / f"daphne-{attempt}.log")
        daphne.mail_dir = mail_dir
        try:
            daphne.start()
            break
        except RuntimeError:
            # Another process (CI runs passes side by side) took the free port between our
            # probe and Daphne's bind: another port, as tests/system/conftest.py does.
            if "Address already in use" not in daphne.output() or attempt == 2:
                raise
    yield daphne
    daphne.kill()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(f"--- daphne log ({daphne.log_path}) ---\n{daphne.output()[-6000:]}")


def sent_mail(daphne: Daphne) -> list[EmailMessage]:
    """The e-mails the server wrote (a module with SERVER_MAIL_TO_FILES = True), oldest first.
    Django's file backend writes one file per connection, each message followed by a line of
    79 dashes."""
    assert daphne.mail_dir is not None, "set SERVER_MAIL_TO_FILES = True in the test module"
    messages = []
    for path in sorted(daphne.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.lstrip(), policy=email_policy.default))
    return messages


def mail_text(message: EmailMessage) -> str:
    """The plain-text body of one e-mail, decoded."""
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def fresh_live_state():
    """tests/conftest.py's reset of the process-wide live state, run synchronously: a browser
    test drives Chromium through Playwright's sync API, whose event loop stays marked as
    running in this thread for the whole module (see `chromium` below), so no pytest-asyncio
    fixture can run here. The async resets run to completion in a thread of their own."""
    from live.broadcast import hub
    from live.handlers.chat import post_limits
    from live.presence import presence
    from streams.call_reach import callee_limits, caller_limits

    def reset_async_parts() -> None:
        async def reset() -> None:
            await hub.reset()
            await presence.reset()

        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, reset()).result()

    reset_async_parts()
    channel_layers.backends.clear()
    post_limits.clear()
    caller_limits.clear()
    callee_limits.clear()
    yield
    reset_async_parts()
    channel_layers.backends.clear()


@pytest.fixture(scope="module")
def chromium(request):
    """One Chromium per test module (a module may add flags: CHROMIUM_EXTRA_ARGS, e.g. WebRTC
    with fake media, or replace them: CHROMIUM_LAUNCH_ARGS, e.g. WebGL); each test gets fresh
    browser contexts of its own (`browser` below), so no cookie, storage or page is shared
    between tests. Launching Playwright's driver and Chromium
    cost about 3 s per test on the loaded CI machine.

    Playwright's sync API keeps its own event loop set as running in this thread while it
    lives, so Django's async-safety check, which would take that loop for an async context, is
    off meanwhile: the tests' ORM calls are plain sync code. Only browser tests live in this
    directory (and the module's Playwright stops before the next module's tests), so no
    pytest-asyncio fixture or test runs while it does."""
    from playwright.sync_api import expect, sync_playwright

    # An expectation passes as soon as it holds; how long it may wait is only how long a
    # loaded CI machine (three passes on two cores) may take: the 5 s default was too short
    # for a page's fetch or a socket's frame there, so the same bound as the actions'.
    expect.set_options(timeout=ACTION_TIMEOUT)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        args = getattr(request.module, "CHROMIUM_LAUNCH_ARGS", None) or (
            CHROMIUM_ARGS + list(getattr(request.module, "CHROMIUM_EXTRA_ARGS", ()))
        )
        launched = {}

        def current():
            # A browser that died (a crash in one test) is replaced for the next one.
            if launched.get("browser") is None or not launched["browser"].is_connected():
                launched["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
            return launched["browser"]

        try:
            yield current
        finally:
            if launched.get("browser") is not None and launched["browser"].is_connected():
                launched["browser"].close()
            from django.db import connections

            connections.close_all()


@pytest.fixture
def browser(chromium):
    """The module's Chromium, for one test: the contexts the test opened are closed after it."""
    current = chromium()
    yield current
    for context in list(current.contexts):
        context.close()
    # Connections the test opened while Playwright's loop ran are kept apart (asgiref's
    # Local is per-context under a running loop): close them here, or PostgreSQL
    # refuses to drop the test database for a session still open.
    from django.db import connections

    connections.close_all()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "step") -> test-artifacts/e2e/<test>-<step>.png"""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, step: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def open_page(browser, server):
    """open_page(user=None, password=None) -> a Page in its own browser context, logged in
    through the real login form when a user is given."""
    contexts = []

    def open_(username: str | None = None, password: str | None = None, *, path: str = "/"):
        context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(ACTION_TIMEOUT)
        # A page's load event waits for its modules (three.js on the hall and booth pages).
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and print(f"[{username}] {message.text}"))
        page.on("pageerror", lambda error: print(f"[{username}] page error: {error}"))
        if username is not None:
            page.goto(f"/accounts/login/?next={quote(path)}")
            page.fill("#id_login", username)
            page.fill("#id_password", password)
            page.click("#login-submit")
            page.wait_for_url(f"**{path}")
        else:
            page.goto(path)
        return page

    yield open_
    for context in contexts:
        context.close()
