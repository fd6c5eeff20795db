"""A stage's WebRTC through a real Daphne: an aiortc speaker publishes a synthetic video over the
real signalling socket, an aiortc viewer subscribes through the server's relay and counts frames.

Both ends meet on 127.0.0.1: aioice never offers loopback by itself, so the server runs with
STREAMS_ICE_LOOPBACK=1 and this process patches aioice to offer only 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import pytest
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription

from streams import services
from streams.models import Session
from tests.programme import UTC_0526_0100
from tests.system.rtc import FRAMES_WANTED, HEIGHT, MEDIA_TIMEOUT, WIDTH, ColourBars, centre_luma, receive_frames

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stage(transactional_db):
    from accounts.models import User

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
    viewer = User.objects.create_user(username="alice", password="x", display_name="Alice")
    session.speakers.add(services.create_speaker(name="劳拉", user=speaker))
    return {"room": session.room.slug, "speaker": speaker, "viewer": viewer, "session": session}


async def test_speaker_publishes_and_viewer_receives_frames(start_daphne, ws_client, api_token, stage, loopback_ice):
    server = start_daphne({"STREAMS_ICE_LOOPBACK": "1"})
    room = stage["room"]
    publisher_pc = RTCPeerConnection()
    viewer_pc = RTCPeerConnection()
    try:
        async with (
            ws_client(server, token=await api_token(stage["speaker"])) as speaker,
            ws_client(server, token=await api_token(stage["viewer"])) as viewer,
        ):
            await speaker.ok("room.join", room=room)
            await viewer.ok("room.join", room=room)
            await speaker.ok("stage.set_state", room=room, state="live")
            assert (await viewer.expect("stage.state"))["state"] == "live"

            # Publish: offer from the speaker, answer in the ack.
            publisher_pc.addTransceiver(ColourBars(), direction="sendonly")
            await publisher_pc.setLocalDescription(await publisher_pc.createOffer())
            published = await speaker.ok("rtc.publish", room=room, sdp=publisher_pc.localDescription.sdp)
            assert published["sdp_type"] == "answer" and isinstance(published["ice_servers"], list)
            await publisher_pc.setRemoteDescription(RTCSessionDescription(sdp=published["sdp"], type="answer"))
            publisher_id = published["publisher_id"]

            # Everyone learns of the publisher; the viewer subscribes and answers the server's offer.
            announced = await viewer.expect("rtc.publishers", where=lambda f: f["publishers"])
            assert announced["publishers"] == [
                {
                    "publisher_id": publisher_id,
                    "user": {"id": stage["speaker"].pk, "name": "Laura"},
                    "kinds": ["video"],
                    "language": None,
                    "language_name": None,
                }
            ]
            tracks: asyncio.Queue[MediaStreamTrack] = asyncio.Queue()
            viewer_pc.on("track", tracks.put_nowait)
            offer = await viewer.ok("rtc.subscribe", room=room, publisher_id=publisher_id)
            assert offer["sdp_type"] == "offer"
            await viewer_pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
            await viewer_pc.setLocalDescription(await viewer_pc.createAnswer())
            await viewer.ok("rtc.answer", room=room, peer_id=offer["peer_id"], sdp=viewer_pc.localDescription.sdp)
            # A trickled candidate is accepted (aiortc's own are already in the SDP).
            await viewer.ok(
                "rtc.ice",
                room=room,
                peer_id=offer["peer_id"],
                candidate="candidate:1 1 udp 2130706431 127.0.0.1 9 typ host",
                sdp_mid="0",
                sdp_mline_index=0,
            )

            track = await asyncio.wait_for(tracks.get(), MEDIA_TIMEOUT)
            assert track.kind == "video"
            frames = await receive_frames(track, FRAMES_WANTED)
            assert len(frames) >= FRAMES_WANTED
            assert (frames[-1].width, frames[-1].height) == (WIDTH, HEIGHT)
            lumas = {centre_luma(f) for f in frames}
            assert len(lumas) > 1, "the colour should change from frame to frame"

            # Someone else's peer ids are not theirs to use.
            stolen = await speaker.request("rtc.answer", room=room, peer_id=offer["peer_id"], sdp="v=0")
            assert stolen["code"] == "not_found"

            # The speaker hangs up: the viewer hears its peer closed and the list is empty.
            await speaker.close()
            closed = await viewer.expect("rtc.closed")
            assert closed == {
                "type": "rtc.closed",
                "room": room,
                "peer_id": offer["peer_id"],
                "reason": "publisher_left",
            }
            assert (await viewer.expect("rtc.publishers"))["publishers"] == []
            assert (await viewer.ok("stage.get", room=room))["publishers"] == []
    finally:
        for pc in (publisher_pc, viewer_pc):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pc.close(), 5)


async def test_limits_and_stage_end_close_media(start_daphne, ws_client, api_token, stage, loopback_ice):
    server = start_daphne(
        {"STREAMS_ICE_LOOPBACK": "1", "STREAMS_MAX_PUBLISHERS": "1", "STREAMS_MAX_RELAY_VIEWERS": "0"}
    )
    room = stage["room"]
    pcs = [RTCPeerConnection(), RTCPeerConnection()]
    try:
        async with (
            ws_client(server, token=await api_token(stage["speaker"])) as speaker,
            ws_client(server, token=await api_token(stage["viewer"])) as viewer,
        ):
            await speaker.ok("room.join", room=room)
            await viewer.ok("room.join", room=room)
            answers = []
            for pc in pcs:
                pc.addTransceiver(ColourBars(), direction="sendonly")
                await pc.setLocalDescription(await pc.createOffer())
                answers.append(await speaker.request("rtc.publish", room=room, sdp=pc.localDescription.sdp))
            assert answers[0]["type"] == "ack", answers[0]
            assert answers[1]["code"] == "publisher_limit" and answers[1]["limit"] == 1, answers[1]
            await speaker.ok("stage.set_state", room=room, state="live")
            full = await viewer.request("rtc.subscribe", room=room, publisher_id=answers[0]["publisher_id"])
            assert full["code"] == "viewer_limit" and full["limit"] == 0, full

            await speaker.ok("stage.set_state", room=room, state="ended")
            closed = await speaker.expect("rtc.closed")
            assert closed["reason"] == "stage_ended" and closed["peer_id"] == answers[0]["publisher_id"]
            await viewer.expect("rtc.publishers", where=lambda f: f["publishers"] == [])
            assert (await speaker.ok("stage.get", room=room))["publishers"] == []
            refused = await speaker.request("rtc.publish", room=room, sdp=pcs[0].localDescription.sdp)
            assert refused["code"] == "invalid_state"
    finally:
        for pc in pcs:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pc.close(), 5)
