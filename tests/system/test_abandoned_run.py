"""A stage's HLS run whose host dies for good (issue 16): two Daphnes as two hosts (each its
own spool) on one Redis and one S3 bucket (moto on a socket), a real Celery worker and beat.
A speaker publishes on the first; once the bucket holds segments the first is killed and its
spool deleted (the host never comes back). The beat task finishes the run from the bucket:
the viewer on the second process hears `stage.media` without `hls_url` and with the
recording, which the second process serves complete (`EXT-X-ENDLIST`) and which decodes."""

from __future__ import annotations

import asyncio
import shutil
import sys

import pytest

from tests.system.conftest import server_environment
from tests.system.fixtures_sfu import cluster_stage, publish  # noqa: F401 (fixtures)
from tests.system.fixtures_storage import s3_bucket, s3_server  # noqa: F401 (fixtures)
from tests.system.test_celery_worker import CeleryProcess
from tests.system.test_hls import HLS_TIMEOUT, decoded_video_frames, playlist_segments
from tests.system.test_hls_cluster import get

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


async def test_a_run_whose_host_never_returns_is_finished_from_the_bucket(
    start_daphne,
    redis_server,
    s3_bucket,  # noqa: F811
    ws_client,
    api_token,
    cluster_stage,  # noqa: F811
    loopback_ice,
    server_logs,
    tmp_path,
):
    common = {"STREAMS_ICE_LOOPBACK": "1", "REDIS_URL": redis_server.url, "CELERY_TASK_ALWAYS_EAGER": "0"}
    first = start_daphne({**common, **s3_bucket.environment(tmp_path / "spool-a")})
    second = start_daphne({**common, **s3_bucket.environment(tmp_path / "spool-b")})
    env = server_environment(
        {
            **common,
            **s3_bucket.environment(tmp_path / "spool-worker"),
            "ABANDONED_RUNS_INTERVAL_SECONDS": "1",
            "STREAMS_ABANDONED_RUN_SECONDS": "3",
            "CELERY_BEAT_SCHEDULE_FILENAME": str(server_logs / "celerybeat"),
        }
    )
    workers = [CeleryProcess("worker", server_logs, env), CeleryProcess("beat", server_logs, env)]
    room = cluster_stage["room"]
    peers: list = []
    try:
        async with (
            ws_client(first, token=await api_token(cluster_stage["speaker"])) as speaker,
            ws_client(second, token=await api_token(cluster_stage["viewers"][0])) as viewer,
        ):
            for client in (speaker, viewer):
                await client.ok("room.join", room=room)
            await speaker.ok("stage.set_state", room=room, state="live")
            await publish(speaker, room, peers)
            media = await viewer.expect("stage.media", timeout=HLS_TIMEOUT, where=lambda f: f["hls_url"])
            hls_url, folder = media["hls_url"], media["hls_url"].rsplit("/", 1)[0]
            deadline = asyncio.get_running_loop().time() + HLS_TIMEOUT
            while len(playlist_segments((await get(second.url + hls_url))[0].decode())) < 2:
                assert asyncio.get_running_loop().time() < deadline, "no second segment in the bucket"
                await asyncio.sleep(0.5)

            first.kill()  # the host is gone, and so is its spool
            shutil.rmtree(tmp_path / "spool-a")
            for process in workers:
                process.start()

            ended = await viewer.expect("stage.media", timeout=60, where=lambda f: f["recordings"])
            [recording] = ended["recordings"]
            assert ended["hls_url"] is None and recording["url"] == f"{folder}/index.m3u8"
            assert recording["duration_seconds"] >= 2 and recording["ended_at"]
            state = await viewer.ok("stage.get", room=room)
            assert state["hls_url"] is None and state["recordings"] == [recording]
            assert state["state"] == "live"  # the stage itself stays live: the speaker may come back

            text, headers = await get(second.url + recording["url"])
            assert text.decode().rstrip().endswith("#EXT-X-ENDLIST")
            assert headers["cache-control"] == "public, max-age=86400"
            rolling, _ = await get(second.url + hls_url)
            assert rolling.decode().rstrip().endswith("#EXT-X-ENDLIST")  # players stop instead of waiting
            names = playlist_segments(text.decode())
            assert len(names) >= 2
            for name in names:
                (tmp_path / name).write_bytes((await get(f"{second.url}{folder}/{name}"))[0])
            assert sum(decoded_video_frames(tmp_path / name) for name in names) >= 15
    except BaseException:
        for process in workers:
            if process.log_path.exists():
                print(f"----- {process.name} -----\n{process.output()}", file=sys.stderr)
        raise
    finally:
        for process in workers:
            process.stop()
        for pc in peers:
            await asyncio.wait_for(pc.close(), 5)
