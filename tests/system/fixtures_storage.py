"""Object storage for HLS runs in tests (issue 16): moto's standalone S3 server (from PyPI,
`moto[server]`) on 127.0.0.1 and a free port, a real S3 HTTP API on a real socket.

Import the fixtures where they are needed (`from tests.system.fixtures_storage import
s3_server, s3_bucket`): one moto process per test session, one fresh bucket per test.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.system.conftest import ServerProcess, start_on_a_free_port

ACCESS_KEY, SECRET_KEY, REGION = "pavilion-test", "pavilion-test-secret", "us-east-1"


class MotoServer(ServerProcess):
    name = "moto"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class S3Bucket:
    endpoint_url: str
    name: str

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def storage_setting(self) -> dict:
        """settings.STORAGES["hls"] for this bucket (what STREAMS_HLS_STORAGE=s3 builds)."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.name,
                "endpoint_url": self.endpoint_url,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "location": "streams/hls",
                "querystring_auth": True,
                "file_overwrite": True,
            },
        }

    def environment(self, spool: Path) -> dict[str, str]:
        """A server process's environment for this bucket."""
        return {
            "STREAMS_HLS_STORAGE": "s3",
            "STREAMS_HLS_S3_BUCKET": self.name,
            "STREAMS_HLS_S3_ENDPOINT_URL": self.endpoint_url,
            "STREAMS_HLS_S3_REGION": REGION,
            "STREAMS_HLS_SPOOL": str(spool),
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def objects(self) -> dict[str, dict]:
        """Stored key → head_object of every object."""
        client = self.client()
        listed = client.list_objects_v2(Bucket=self.name).get("Contents", [])
        return {item["Key"]: client.head_object(Bucket=self.name, Key=item["Key"]) for item in listed}

    def body(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[MotoServer]:
    with tempfile.TemporaryDirectory(prefix="pavilion-moto-") as logs:
        server = start_on_a_free_port(lambda port: MotoServer(port, Path(logs)))
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def s3_bucket(s3_server) -> S3Bucket:
    bucket = S3Bucket(s3_server.url, f"hls-{uuid.uuid4().hex[:12]}")
    bucket.client().create_bucket(Bucket=bucket.name)
    return bucket


@dataclass
class Process:
    """One Daphne of a cluster, addressed directly (as ws_client's `server`)."""

    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/"


@dataclass
class Cluster:
    port: int  # nginx's
    run_dir: Path
    processes: list[Process]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in sorted(self.run_dir.glob("*.log"))
        )


@pytest.fixture
def start_cluster(request, redis_server, tmp_path, transactional_db):
    """start_cluster(env_extra) -> `scripts/cluster.sh 2` (nginx, two Daphnes, Celery) on free
    ports, on this test's database and Redis; stopped at teardown (logs printed on failure)."""
    import contextlib
    import os
    import signal
    import subprocess
    import time

    from tests.system.conftest import REPO_ROOT, free_port_run, port_open, server_environment, test_failed

    started: list[tuple[subprocess.Popen, Cluster]] = []

    def start(env_extra: dict[str, str] | None = None) -> Cluster:
        port = free_port_run(3)
        run_dir = tmp_path / f"cluster-{port}"
        run_dir.mkdir()
        env = server_environment(
            {"REDIS_URL": redis_server.url, "PORT": str(port), "CLUSTER_DIR": str(run_dir), **(env_extra or {})}
        )
        env["PYTHON"] = sys.executable
        process = subprocess.Popen(
            ["scripts/cluster.sh", "2"],
            cwd=REPO_ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        cluster = Cluster(port, run_dir, [Process(port + 1), Process(port + 2)])
        started.append((process, cluster))
        deadline = time.monotonic() + 90  # a shared, busy machine starts Daphnes slowly
        while not all(port_open(p) for p in (port, port + 1, port + 2)):
            assert process.poll() is None, f"cluster.sh exited; its logs:\n{cluster.logs()}"
            assert time.monotonic() < deadline, f"cluster not up in 90 s:\n{cluster.logs()}"
            time.sleep(0.1)
        return cluster

    yield start
    failed = test_failed(request)
    for process, cluster in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        if failed:
            print(f"\n----- cluster :{cluster.port} logs -----\n{cluster.logs()}", file=sys.stderr)
