"""`make cluster`: nginx on one port in front of several Daphne processes, Redis between them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from websockets.asyncio.client import connect

from live.models import Room

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cluster_logs(run_dir) -> str:
    return "\n".join(
        f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}" for log in sorted(run_dir.glob("*.log"))
    )


@pytest.fixture
def cluster(redis_server, tmp_path, transactional_db):
    from tests.system.conftest import free_port_run, port_open, server_environment

    port = free_port_run(3)
    env = server_environment({"REDIS_URL": redis_server.url, "PORT": str(port), "CLUSTER_DIR": str(tmp_path)})
    env["PYTHON"] = sys.executable
    process = subprocess.Popen(
        ["scripts/cluster.sh", "2"],
        cwd=REPO,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90  # a shared, busy machine starts 3 Daphnes slowly
        while not all(port_open(p) for p in (port, port + 1, port + 2)):
            assert process.poll() is None, f"cluster.sh exited; its logs:\n{cluster_logs(tmp_path)}"
            assert time.monotonic() < deadline, "cluster not up in 90 s"
            time.sleep(0.1)
        yield port, tmp_path
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


async def test_clients_on_different_processes_behind_one_port_share_a_room(cluster, make_user, api_token):
    port, logs = cluster
    await Room.objects.acreate(slug="hall", name="Hall", allow_guests=True)
    token = await api_token(await make_user("host"))
    url = f"ws://127.0.0.1:{port}/ws/"
    async with connect(url) as first, connect(url) as second:
        for ws in (first, second):
            assert json.loads(await ws.recv())["type"] == "hello"
        await first.send(json.dumps({"type": "auth", "ref": 1, "token": token}))
        assert json.loads(await first.recv())["type"] == "ack"
        for ws in (first, second):
            await ws.send(json.dumps({"type": "room.join", "ref": 2, "room": "hall"}))
            while json.loads(await ws.recv())["type"] != "ack":
                pass
        # nginx's least_conn put the two sockets on the two processes.
        connects = [(logs / f"daphne-{port + i}.log").read_text().count("WSCONNECT ") for i in (1, 2)]
        assert connects == [1, 1]
        await first.send(json.dumps({"type": "chat.send", "ref": 3, "room": "hall", "text": "across"}))
        while True:
            frame = json.loads(await asyncio.wait_for(second.recv(), 10))
            if frame["type"] == "chat.message":
                break
        assert frame["message"]["text"] == "across"


async def test_nginx_caps_request_bodies(cluster):
    port, run_dir = cluster
    conf = (run_dir / "nginx.conf").read_text()
    from halls.uploads import largest_upload_bytes

    assert f"client_max_body_size {largest_upload_bytes()};" in conf
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        (
            f"POST /exhibition/api/booths/1/content/videos/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {largest_upload_bytes() + 1}\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 10)
    writer.close()
    assert status_line.split()[1] == b"413"  # from nginx, before a byte of the body was sent


def http_get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


async def test_nginx_passes_readiness_and_keeps_metrics_per_process(cluster, redis_server):
    port, _ = cluster
    base = f"http://127.0.0.1:{port}"
    assert (await asyncio.to_thread(http_get, base + "/readyz"))[0] == 200
    assert (await asyncio.to_thread(http_get, base + "/healthz"))[0] == 200
    # Through nginx a client claiming to be 127.0.0.1 is still refused the metrics...
    status, body = await asyncio.to_thread(http_get, base + "/metrics", {"X-Forwarded-For": "127.0.0.1"})
    assert status == 403 and json.loads(body)["code"] == "forbidden"
    # ...which each process serves on its own port.
    for daphne_port in (port + 1, port + 2):
        status, body = await asyncio.to_thread(http_get, f"http://127.0.0.1:{daphne_port}/metrics")
        assert status == 200 and b"pavilion_sockets_open" in body
    # No process can reach Redis: every one answers 503, nginx passes the last one on.
    redis_server.stop()
    status, body = await asyncio.to_thread(http_get, base + "/readyz")
    assert status == 503 and list(json.loads(body)["fields"]) == ["redis"]
