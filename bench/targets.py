"""Starting and stopping the servers under test: Redis, Pavilion and the two baselines.

Every server gets a free port on 127.0.0.1, a log file in the run's directory, dies with the
benchmark (PR_SET_PDEATHSIG) and is stopped by `Server.stop()` in a finally block.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import die_with_parent, free_port, wait_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGETS = ("pavilion", "channels", "websockets")
TARGET_LABELS = {
    "pavilion": "pavilion",
    "channels": "channels group_send",
    "websockets": "bare websockets",
}


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log_path: Path
    url: str = ""
    tokens: list[str] = field(default_factory=list)
    # Receiving users of the "token" and "cookie" client kinds: an API token and a session key each.
    member_tokens: list[str] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def export_commit(rev: str, workdir: Path) -> Path:
    """The tree of a git commit, exported read-only (git archive) into the run directory:
    Pavilion at that commit, whatever the working tree holds now (others edit live/ all day)."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    tree = workdir / f"pavilion-{commit}"
    tree.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True, timeout=60)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True, timeout=60)
    return tree


def _spawn(
    name: str, argv: list[str], workdir: Path, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> tuple[subprocess.Popen, Path]:
    log_path = workdir / f"{name}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
    return process, log_path


def _started(server: Server, timeout: float = 30) -> Server:
    try:
        wait_port(server.port, timeout, server.alive)
    except Exception:
        server.stop()
        raise RuntimeError(f"{server.name} did not start:\n{server.log_tail()}") from None
    return server


def start_redis(workdir: Path) -> Server:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server not found: install it or pass --redis-url")
    port = free_port()
    argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    argv += ["--daemonize", "no", "--dir", str(workdir)]
    process, log_path = _spawn("redis", argv, workdir)
    return _started(Server("redis", port, process, log_path, url=f"redis://127.0.0.1:{port}"))


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def start_pavilion(
    workdir: Path,
    redis_url: str,
    senders: int,
    socket_timeout: float = 0,
    tree: Path = ROOT,
    members: int = 0,
    validate_frames: bool = False,
    debug: bool = True,
) -> Server:
    """A fresh SQLite file, migrated, with the room and sender tokens; then one Daphne.

    `members` users get a token and a session each (the token and cookie client kinds). Frames
    are not validated against their models (as in production) unless `validate_frames`. The
    server runs with DEBUG on, as in every table of docs/performance.md, unless not `debug`
    (DEBUG off as in production: no query log, which was ~15 % of a join storm's samples on
    the read threads; measured no faster overall, docs/performance.md).
    `socket_timeout` (> 0) is appended to REDIS_URL as a redis-py URL option: the workaround
    for redis-py 8's 5 s default, which breaks channels-redis' blocking receive.
    """
    sqlite_path = workdir / "pavilion.sqlite3"
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": f"{redis_url}/1" + (f"?socket_timeout={socket_timeout:g}" if socket_timeout > 0 else ""),
        "SQLITE_PATH": str(sqlite_path),
        "DEBUG": "1" if debug else "0",
        # DEBUG off wants a key of its own, and no redirect to TLS on 127.0.0.1.
        "SECRET_KEY": secrets.token_hex(32),
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(tree),
        "LIVE_VALIDATE_FRAMES": "1" if validate_frames else "0",
    }
    flush_redis(env["REDIS_URL"])
    prepared = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("prepare.py")), "--senders", str(senders), "--members", str(members)],
        cwd=tree,
        env={**os.environ, **env, "DEBUG": "1"},  # only migrating and making the room
        capture_output=True,
        text=True,
        timeout=600,  # migrating takes minutes on a busy machine
        check=False,
    )
    if prepared.returncode != 0:
        raise RuntimeError(f"bench.prepare failed:\n{prepared.stderr[-2000:]}")
    made = json.loads(prepared.stdout.strip().splitlines()[-1])
    port = free_port()
    argv = [PYTHON, "-m", "daphne", "-e", daphne_endpoint(port), "config.asgi:application"]
    process, log_path = _spawn("pavilion", argv, workdir, env, cwd=tree)
    server = Server(
        "pavilion",
        port,
        process,
        log_path,
        url=f"ws://127.0.0.1:{port}/ws/",
        tokens=made["tokens"],
        member_tokens=made.get("member_tokens", []),
        sessions=made.get("sessions", []),
    )
    return _started(server)


# Every server of the benchmark listens with the same accept queue, sized as in production
# (scripts/cluster.sh, `make serve`): Twisted's default of 50 overflowed during a storm of 200
# handshakes in flight, and each dropped SYN cost its client a 1-s retransmission.
LISTEN_BACKLOG = 1024


def daphne_endpoint(port: int) -> str:
    """Daphne's Twisted endpoint on 127.0.0.1:`port` with the benchmark's accept queue."""
    return f"tcp:port={port}:interface=127.0.0.1:backlog={LISTEN_BACKLOG}"


def start_channels(workdir: Path, redis_url: str, capacity: int | None) -> Server:
    env = {"DJANGO_SETTINGS_MODULE": "bench.baselines.channels_settings", "REDIS_URL": f"{redis_url}/2"}
    if capacity:
        env["BENCH_GROUP_CAPACITY"] = str(capacity)
    flush_redis(env["REDIS_URL"])
    port = free_port()
    argv = [PYTHON, "-m", "daphne", "-e", daphne_endpoint(port), "bench.baselines.channels_app:application"]
    process, log_path = _spawn("channels", argv, workdir, env)
    return _started(Server("channels", port, process, log_path, url=f"ws://127.0.0.1:{port}/ws/"))


def start_websockets(workdir: Path, max_seconds: float) -> Server:
    port = free_port()
    argv = [
        PYTHON,
        "-m",
        "bench.baselines.ws_broadcast",
        "--port",
        str(port),
        "--max-seconds",
        str(int(max_seconds)),
        "--backlog",
        str(LISTEN_BACKLOG),
    ]
    process, log_path = _spawn("websockets", argv, workdir)
    return _started(Server("websockets", port, process, log_path, url=f"ws://127.0.0.1:{port}/"))


def count_dropped_group_messages(server: Server) -> int | None:
    """channels-redis logs "N of M channels over capacity" (INFO) when group_send drops."""
    if server.name != "channels":
        return None
    try:
        text = server.log_path.read_text(errors="replace")
    except OSError:
        return None
    return sum(int(line.split(" of ", 1)[0].split()[-1]) for line in text.splitlines() if "over capacity" in line)
