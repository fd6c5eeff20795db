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

from tests.system.conftest import ServerProcess, free_port

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
        server = MotoServer(free_port(), Path(logs))
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def s3_bucket(s3_server) -> S3Bucket:
    bucket = S3Bucket(s3_server.url, f"hls-{uuid.uuid4().hex[:12]}")
    bucket.client().create_bucket(Bucket=bucket.name)
    return bucket
