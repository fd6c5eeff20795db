"""Fixtures and helpers for the stage relay across processes (tests/system/test_stage_cluster.py):
two Daphnes on one Redis and database, aiortc speakers and viewers over their real sockets."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription

from tests.system.rtc import MEDIA_TIMEOUT, ColourBars


@pytest.fixture
def two_daphnes(start_daphne, redis_server):
    """Two Daphne processes sharing this test's Redis (channel layer, hub, cache) and database."""
    env = {"STREAMS_ICE_LOOPBACK": "1", "REDIS_URL": redis_server.url}
    return start_daphne(env), start_daphne(env)


@pytest.fixture
def two_daphnes_apart(start_daphne, redis_server):
    """Two Daphnes as above whose speakers publish where their sockets are (not gathered on
    the process of the stage's first speaker): a panel split over both."""
    env = {"STREAMS_ICE_LOOPBACK": "1", "REDIS_URL": redis_server.url, "STREAMS_GATHER_SPEAKERS": "0"}
    return start_daphne(env), start_daphne(env)


@pytest.fixture
def cluster_stage(transactional_db):
    from accounts.models import User
    from streams import services
    from streams.models import Session
    from tests.programme import UTC_0526_0100

    event = services.create_event(
        name="大会", slug="cietc", starts_at=UTC_0526_0100, ends_at=UTC_0526_0100 + timedelta(days=1)
    )
    session = services.create_session(
        event=event,
        kind=Session.Kind.OPENING_CEREMONY,
        title="开幕式",
        title_en="Opening ceremony",
        slug="opening",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=1),
    )
    speaker = User.objects.create_user(username="laura", password="x", display_name="Laura")
    viewers = [User.objects.create_user(username=f"v{n}", password="x", display_name=f"V{n}") for n in range(2)]
    session.speakers.add(services.create_speaker(name="劳拉", user=speaker))
    return {"room": session.room.slug, "session_id": session.pk, "speaker": speaker, "viewers": viewers}


async def publish(client, room: str, peers: list) -> str:
    pc = RTCPeerConnection()
    peers.append(pc)
    pc.addTransceiver(ColourBars(), direction="sendonly")
    await pc.setLocalDescription(await pc.createOffer())
    published = await client.ok("rtc.publish", room=room, sdp=pc.localDescription.sdp)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=published["sdp"], type="answer"))
    return published["publisher_id"]


async def watch(client, room: str, publisher_id: str, peers: list) -> tuple[str, MediaStreamTrack]:
    """Subscribe over the client's socket and answer; returns the peer id and the video track."""
    pc = RTCPeerConnection()
    peers.append(pc)
    tracks: asyncio.Queue[MediaStreamTrack] = asyncio.Queue()
    pc.on("track", tracks.put_nowait)
    offer = await client.ok("rtc.subscribe", room=room, publisher_id=publisher_id)
    assert offer["mode"] == "webrtc", offer
    await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
    await pc.setLocalDescription(await pc.createAnswer())
    await client.ok("rtc.answer", room=room, peer_id=offer["peer_id"], sdp=pc.localDescription.sdp)
    return offer["peer_id"], await asyncio.wait_for(tracks.get(), MEDIA_TIMEOUT)
