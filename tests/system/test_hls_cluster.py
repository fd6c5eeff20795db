"""HLS through `make cluster` (scripts/cluster.sh 2, issue 16): an aiortc speaker publishes on
one Daphne; HLS viewers on both processes (and through nginx) get the same live playlist and
the same segments, and after the stage ends the same recording, whether the runs are in the
host's shared directory or in S3-compatible object storage (moto's server on a socket)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import urllib.request

import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription

from tests.system.fixtures_storage import s3_bucket, s3_server, start_cluster  # noqa: F401 (fixtures)
from tests.system.rtc import ColourBars
from tests.system.test_hls import HLS_TIMEOUT, decoded_video_frames, playlist_segments
from tests.system.test_webrtc import stage as webrtc_stage

stage = webrtc_stage  # an opening ceremony with a speaker and a viewer

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=15) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


async def get(url: str) -> tuple[bytes, dict[str, str]]:
    return await asyncio.to_thread(fetch, url)


@pytest.mark.parametrize("backend", ["directory", "s3"])
async def test_hls_viewers_on_both_processes_see_the_same_stream_and_recording(
    backend,
    start_cluster,  # noqa: F811
    request,
    ws_client,
    api_token,
    stage,
    loopback_ice,
    tmp_path,
):
    env = {"STREAMS_ICE_LOOPBACK": "1", "STREAMS_HLS_ROOT": str(tmp_path / "hls")}
    bucket = None
    if backend == "s3":
        bucket = request.getfixturevalue("s3_bucket")
        env.update(bucket.environment(tmp_path / "spool"))
    cluster = start_cluster(env)
    first, second = cluster.processes
    room = stage["room"]
    publisher_pc = RTCPeerConnection()
    try:
        async with (
            ws_client(first, token=await api_token(stage["speaker"])) as speaker,
            ws_client(second, token=await api_token(stage["viewer"])) as viewer,
            ws_client(first) as guest,
        ):
            for client in (speaker, viewer, guest):
                await client.ok("room.join", room=room)
            await speaker.ok("stage.set_state", room=room, state="live")
            publisher_pc.addTransceiver(ColourBars(), direction="sendonly")
            await publisher_pc.setLocalDescription(await publisher_pc.createOffer())
            published = await speaker.ok("rtc.publish", room=room, sdp=publisher_pc.localDescription.sdp)
            await publisher_pc.setRemoteDescription(RTCSessionDescription(sdp=published["sdp"], type="answer"))

            # The viewer on the other process hears of the live playlist (through Redis) and
            # reads the same URL from its own process's stage state.
            media = await viewer.expect("stage.media", timeout=HLS_TIMEOUT, where=lambda f: f["hls_url"])
            hls_url = media["hls_url"]
            assert hls_url.startswith(f"/streams/hls/{room}/") and hls_url.endswith("/live.m3u8")
            assert (await viewer.ok("stage.get", room=room))["hls_url"] == hls_url
            assert (await guest.ok("stage.get", room=room))["hls_url"] == hls_url

            # Wait for two segments, then read the live playlist from both processes and nginx.
            deadline = asyncio.get_running_loop().time() + HLS_TIMEOUT
            while len(playlist_segments((await get(second.url + hls_url))[0].decode())) < 2:
                assert asyncio.get_running_loop().time() < deadline, "no second segment"
                await asyncio.sleep(0.5)
            folder = hls_url.rsplit("/", 1)[0]
            for base in (first.url, second.url, cluster.url):
                body, headers = await get(base + hls_url)
                assert headers["cache-control"] == "public, max-age=1"
                assert "#EXT-X-ENDLIST" not in body.decode()
            # The same segment, byte for byte, from either process; it decodes.
            name = playlist_segments(body.decode())[0]
            from_first, headers = await get(f"{first.url}{folder}/{name}")
            from_second, _ = await get(f"{second.url}{folder}/{name}")
            assert from_first == from_second and headers["cache-control"].endswith("immutable")
            (tmp_path / name).write_bytes(from_second)
            assert decoded_video_frames(tmp_path / name) > 0

            await speaker.ok("stage.set_state", room=room, state="ended")
            ended = await viewer.expect("stage.media", timeout=HLS_TIMEOUT, where=lambda f: f["recordings"])
            [recording] = ended["recordings"]
            assert ended["hls_url"] is None and recording["url"] == f"{folder}/index.m3u8"
            # Listed the same by both processes (socket and REST API), and complete from both.
            assert (await viewer.ok("stage.get", room=room))["recordings"] == [recording]
            assert (await guest.ok("stage.get", room=room))["recordings"] == [recording]
            for process in (first, second):
                listed, _ = await get(f"{process.url}/api/rooms/{room}/recordings")
                assert recording["url"] in json.dumps(json.loads(listed))
                text, headers = await get(process.url + recording["url"])
                assert text.decode().rstrip().endswith("#EXT-X-ENDLIST")
                assert headers["cache-control"] == "public, max-age=86400"
            if bucket is not None:  # in the bucket, and nothing left in the spool
                stored = bucket.objects()
                run_keys = [key for key in stored if key.startswith(f"streams/hls{folder[len('/streams/hls') :]}/")]
                assert sum(key.endswith(".ts") for key in run_keys) >= 2
                assert not any((tmp_path / "spool").rglob("*.ts"))
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(publisher_pc.close(), 5)
