"""HLS packaging and recording through a real Daphne: an aiortc speaker publishes the synthetic
camera over the real signalling socket; the server packages it to HLS (PyAV), serves the
playlists and segments over HTTP, hands HLS to viewers past the relay limit, and keeps the
stretch as a recording that decodes after the stage ended."""

from __future__ import annotations

import asyncio
import contextlib
import urllib.request
from pathlib import Path

import av
import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription

from tests.system.rtc import ColourBars
from tests.system.test_webrtc import stage as webrtc_stage

stage = webrtc_stage  # the same stage fixture: an opening ceremony with a speaker and a viewer

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

# The first segment is cut after ~2 s of media; the encoder and the loopback need a few more.
HLS_TIMEOUT = 30.0


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def playlist_segments(text: str) -> list[str]:
    assert text.startswith("#EXTM3U"), text[:200]
    return [line for line in text.splitlines() if line and not line.startswith("#")]


async def download_run(base: str, playlist_url: str, into: Path) -> tuple[str, Path]:
    """Fetch a playlist and its segments over HTTP into a directory; returns (text, local playlist)."""
    body, headers = await asyncio.to_thread(fetch, base + playlist_url)
    assert headers["content-type"] == "application/vnd.apple.mpegurl"
    text = body.decode()
    folder = playlist_url.rsplit("/", 1)[0]
    for name in playlist_segments(text):
        data, segment_headers = await asyncio.to_thread(fetch, f"{base}{folder}/{name}")
        assert segment_headers["content-type"] == "video/mp2t"
        assert "immutable" in segment_headers["cache-control"]
        (into / name).write_bytes(data)
    local = into / "playlist.m3u8"
    local.write_text(text)
    return text, local


def decoded_video_frames(path: Path) -> int:
    """Video frames decoded from a VOD playlist or one segment (a live playlist would make
    FFmpeg's HLS demuxer wait for more segments: decode those one by one)."""
    with av.open(str(path)) as container:
        kinds = {stream.type: stream.codec_context.name for stream in container.streams}
        assert kinds == {"video": "h264", "audio": "aac"}, kinds
        return sum(1 for _ in container.decode(video=0))


async def test_live_stage_is_packaged_to_hls_and_recorded(
    start_daphne, ws_client, api_token, stage, loopback_ice, tmp_path
):
    hls_root = tmp_path / "hls"
    server = start_daphne(
        {"STREAMS_ICE_LOOPBACK": "1", "STREAMS_MAX_RELAY_VIEWERS": "1", "STREAMS_HLS_ROOT": str(hls_root)}
    )
    room = stage["room"]
    publisher_pc = RTCPeerConnection()
    try:
        async with (
            ws_client(server, token=await api_token(stage["speaker"])) as speaker,
            ws_client(server, token=await api_token(stage["viewer"])) as viewer,
            ws_client(server) as guest,
        ):
            await speaker.ok("room.join", room=room)
            await viewer.ok("room.join", room=room)
            await guest.ok("room.join", room=room)
            await speaker.ok("stage.set_state", room=room, state="live")
            assert (await viewer.ok("stage.get", room=room))["hls_url"] is None

            publisher_pc.addTransceiver(ColourBars(), direction="sendonly")
            await publisher_pc.setLocalDescription(await publisher_pc.createOffer())
            published = await speaker.ok("rtc.publish", room=room, sdp=publisher_pc.localDescription.sdp)
            await publisher_pc.setRemoteDescription(RTCSessionDescription(sdp=published["sdp"], type="answer"))

            # The first segment is out: everyone hears of the live playlist.
            media = await viewer.expect("stage.media", timeout=HLS_TIMEOUT, where=lambda f: f["hls_url"])
            hls_url = media["hls_url"]
            assert hls_url.startswith(f"/streams/hls/{room}/") and hls_url.endswith("/live.m3u8")
            assert (await viewer.ok("stage.get", room=room))["hls_url"] == hls_url

            # The relay takes one WebRTC viewer; the next one is sent to HLS.
            first = await viewer.ok("rtc.subscribe", room=room, publisher_id=published["publisher_id"])
            assert first["mode"] == "webrtc" and first["sdp_type"] == "offer"
            second = await guest.ok("rtc.subscribe", room=room, publisher_id=published["publisher_id"])
            assert second == {"type": "ack", "ref": second["ref"], "mode": "hls", "hls_url": hls_url}
            await viewer.ok("rtc.leave", room=room, peer_id=first["peer_id"])

            # The live playlist: a rolling window, short cache; its segments decode.
            body, headers = await asyncio.to_thread(fetch, server.url + hls_url)
            assert headers["cache-control"] == "public, max-age=1"
            live_text = body.decode()
            assert "#EXT-X-MEDIA-SEQUENCE:" in live_text and "#EXT-X-ENDLIST" not in live_text
            live_dir = tmp_path / "live"
            live_dir.mkdir()
            live_text, _ = await download_run(server.url, hls_url, live_dir)
            assert sum(decoded_video_frames(live_dir / name) for name in playlist_segments(live_text)) > 0

            # Let a few more seconds be recorded, then end the stage.
            deadline = asyncio.get_running_loop().time() + HLS_TIMEOUT
            while len(playlist_segments((await asyncio.to_thread(fetch, server.url + hls_url))[0].decode())) < 2:
                assert asyncio.get_running_loop().time() < deadline, "no second segment"
                await asyncio.sleep(0.5)
            await speaker.ok("stage.set_state", room=room, state="ended")
            ended = await viewer.expect("stage.media", timeout=HLS_TIMEOUT, where=lambda f: f["recordings"])
            assert ended["hls_url"] is None
            [recording] = ended["recordings"]
            assert recording["url"] == hls_url.replace("live.m3u8", "index.m3u8")
            assert recording["ended_at"] and recording["duration_seconds"] > 2

            # The recording: a complete VOD playlist that decodes; listed in the stage state and the API.
            record_dir = tmp_path / "record"
            record_dir.mkdir()
            text, local = await download_run(server.url, recording["url"], record_dir)
            assert text.rstrip().endswith("#EXT-X-ENDLIST")
            assert len(playlist_segments(text)) >= 2
            assert decoded_video_frames(local) >= 15  # ≥ 1 s of the 15 fps camera
            body, _ = await asyncio.to_thread(fetch, server.url + hls_url)
            assert body.decode().rstrip().endswith("#EXT-X-ENDLIST")
            assert (await viewer.ok("stage.get", room=room))["recordings"] == [recording]
            api_body, _ = await asyncio.to_thread(fetch, f"{server.url}/api/rooms/{room}/recordings")
            assert recording["url"] in api_body.decode()
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(publisher_pc.close(), 5)


async def test_hls_files_refuse_unknown_names(start_daphne, tmp_path):
    server = start_daphne({"STREAMS_HLS_ROOT": str(tmp_path)})
    for path in ("/streams/hls/room/0123456789abcdef0123456789abcdef/live.m3u8", "/streams/hls/room/x/../../etc"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            await asyncio.to_thread(fetch, server.url + path)
        assert refused.value.code == 404
        refused.value.close()
