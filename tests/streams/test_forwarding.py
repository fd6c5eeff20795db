"""Forwarding (streams.sfu through streams.media): a real aiortc publisher and real aiortc
viewers on loopback, the server's StageMedia in this process. Viewers decode what the server
forwards (the publisher's own VP8, not encoded again), late viewers start at a keyframe the
server asked for, and nothing is decoded on the server unless something reads decoded frames."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack

from streams.media import StageMedia
from tests.system.rtc import ColourBars, centre_luma, receive_frames

pytestmark = pytest.mark.django_db(transaction=True)


class Conn:
    conn_id = "test"

    def __init__(self) -> None:
        self.frames: list[dict] = []

    async def send_frame(self, frame: dict) -> None:
        self.frames.append(frame)


@pytest.fixture
async def stage(settings):
    settings.STREAMS = {**settings.STREAMS, "ICE_LOOPBACK": True, "MAX_RELAY_VIEWERS": 50}
    from streams.media import install_loopback_candidates

    install_loopback_candidates()
    media = StageMedia()

    async def no_announce(room_id: int, room_slug: str) -> None:
        pass

    media._announce = no_announce
    peers: list[RTCPeerConnection] = []
    yield media, Conn(), peers
    await media.close_all()
    for pc in peers:
        with contextlib.suppress(Exception):
            await pc.close()


async def publish(media: StageMedia, conn: Conn, peers: list, audio: bool = False) -> str:
    pc = RTCPeerConnection()
    peers.append(pc)
    pc.addTransceiver(ColourBars(), direction="sendonly")
    if audio:
        pc.addTransceiver(AudioStreamTrack(), direction="sendonly")
    await pc.setLocalDescription(await pc.createOffer())
    answer = await media.publish(conn=conn, room_id=1, room_slug="s", user=None, sdp=pc.localDescription.sdp)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))
    return answer["publisher_id"]


async def view(media: StageMedia, conn: Conn, peers: list, publisher_id: str, **options) -> dict:
    pc = RTCPeerConnection()
    peers.append(pc)
    tracks: dict = {}
    pc.on("track", lambda track: tracks.__setitem__(track.kind, track))
    offer = await media.subscribe(conn=conn, room_id=1, room_slug="s", user=None, publisher_id=publisher_id, **options)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
    await pc.setLocalDescription(await pc.createAnswer())
    await media.answer(conn=conn, room_id=1, peer_id=offer["peer_id"], sdp=pc.localDescription.sdp)
    return {"pc": pc, "tracks": tracks, "peer_id": offer["peer_id"]}


async def test_viewers_decode_the_forwarded_stream(stage):
    media, conn, peers = stage
    publisher_id = await publish(media, conn, peers, audio=True)
    first = await view(media, conn, peers, publisher_id)
    frames = await receive_frames(first["tracks"]["video"], 10)
    assert len({centre_luma(f) for f in frames}) > 3  # the picture changes: real frames
    assert (frames[0].width, frames[0].height) == (320, 240)
    await asyncio.sleep(1.5)  # past the keyframe request interval
    late = await view(media, conn, peers, publisher_id)
    late_frames = await receive_frames(late["tracks"]["video"], 5)
    assert len({centre_luma(f) for f in late_frames}) > 1
    audio = await asyncio.wait_for(late["tracks"]["audio"].recv(), 10)
    assert audio.sample_rate == 48000
    publisher = media.publishers[publisher_id]
    video = next(f for f in publisher.feeds if f.kind == "video")
    # The late viewer asked the publisher for a keyframe; the server decoded nothing.
    assert video.keyframe_requests >= 1 and video.keyframes_in >= 2
    assert all(tap.frames_in == 0 for tap in publisher.taps)
    assert video.codec.name == "VP8"


async def test_decoding_only_while_read(stage):
    media, conn, peers = stage
    publisher_id = await publish(media, conn, peers)
    publisher = media.publishers[publisher_id]
    viewer = await view(media, conn, peers, publisher_id)
    await receive_frames(viewer["tracks"]["video"], 3)
    tap = publisher.taps[0]
    assert tap.frames_in == 0
    reader = publisher.relay.subscribe(tap)  # what HLS packaging does
    decoded = [await asyncio.wait_for(reader.recv(), 10) for _ in range(3)]
    assert decoded[0].format.name == "yuv420p" and tap.feed.decoding == 1
    reader.stop()
    assert tap.feed.decoding == 0
    seen = tap.frames_in
    await receive_frames(viewer["tracks"]["video"], 10)
    assert tap.frames_in <= seen + 3  # the decoder stopped with its last reader


async def test_re_encoding_viewer_still_works(stage):
    media, conn, peers = stage
    publisher_id = await publish(media, conn, peers)
    viewer = await view(media, conn, peers, publisher_id, forward=False)
    frames = await receive_frames(viewer["tracks"]["video"], 5)
    assert len({centre_luma(f) for f in frames}) > 1
    assert media.publishers[publisher_id].taps[0].frames_in >= 5


async def test_publisher_leaving_ends_forwarded_tracks(stage):
    media, conn, peers = stage
    publisher_id = await publish(media, conn, peers)
    viewer = await view(media, conn, peers, publisher_id)
    await receive_frames(viewer["tracks"]["video"], 2)
    feed = media.publishers[publisher_id].feeds[0]
    assert len(feed.tracks) == 1
    await media.close_connection(1, "test")
    assert not feed.tracks and feed.ended
    assert media.viewers == {}
