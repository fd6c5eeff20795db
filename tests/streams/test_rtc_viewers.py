"""What one viewer may take of a stage's WebRTC relay (streams.media): one viewer peer
connection per connection and publisher, a deadline for unanswered offers, and a share of the
relay for guests, past which they are sent to HLS. A real aiortc publisher in this process
(no ICE needs to connect: the server has the publisher's track once it has its offer)."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from aiortc import RTCPeerConnection
from asgiref.sync import sync_to_async
from django.utils import timezone

from streams import recordings, services
from streams.media import media
from streams.models import Session
from streams.packaging import packagers
from tests.programme import UTC_0526_0100
from tests.system.rtc import ColourBars

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stage(transactional_db, event):
    from accounts.models import User

    session = services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="主论坛",
        title_en="Main forum",
        slug="main-forum",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=2),
    )
    speaker = User.objects.create_user(username="laura", password="x", display_name="Laura")
    people = [User.objects.create_user(username=f"p{n}", password="x", display_name=f"P{n}") for n in range(3)]
    session.speakers.add(services.create_speaker(name="劳拉", name_en="Laura", user=speaker))
    return {"room": session.room.slug, "room_id": session.room_id, "speaker": speaker, "people": people}


@pytest.fixture
async def on_air(connect, stage, settings):
    """A live stage with one publisher; returns (room slug, publisher id)."""
    settings.STREAMS = {**settings.STREAMS, "MAX_RELAY_VIEWERS": 3, "MAX_RELAY_GUEST_VIEWERS": 1}
    speaker = await connect(stage["speaker"])
    room = stage["room"]
    await speaker.ok("room.join", room=room)
    await speaker.ok("stage.set_state", room=room, state="live")
    pc = RTCPeerConnection()
    pc.addTransceiver(ColourBars(), direction="sendonly")
    await pc.setLocalDescription(await pc.createOffer())
    published = await speaker.ok("rtc.publish", room=room, sdp=pc.localDescription.sdp)
    yield room, published["publisher_id"]
    await media.close_all()
    for run in list(packagers.runs.values()):
        await packagers._stop(run)
    packagers.live_rooms.clear()
    with contextlib.suppress(Exception):
        await pc.close()


async def joined(connect, room, user=None):
    client = await connect(user)
    await client.ok("room.join", room=room)
    return client


async def test_one_viewer_per_connection_and_publisher(connect, stage, on_air):
    room, publisher_id = on_air
    viewer = await joined(connect, room, stage["people"][0])
    first = await viewer.ok("rtc.subscribe", room=room, publisher_id=publisher_id)
    again = await viewer.ok("rtc.subscribe", room=room, publisher_id=publisher_id)
    assert first["mode"] == again["mode"] == "webrtc" and first["peer_id"] != again["peer_id"]
    closed = await viewer.expect("rtc.closed", peer_id=first["peer_id"])
    assert closed["reason"] == "replaced"
    assert media.viewer_count(stage["room_id"]) == 1
    # The replaced offer is no longer answerable.
    stale = await viewer.request("rtc.answer", room=room, peer_id=first["peer_id"], sdp="v=0")
    assert stale["code"] == "not_found"


async def test_an_unanswered_offer_expires(connect, stage, on_air, settings):
    settings.STREAMS = {**settings.STREAMS, "RTC_NEGOTIATION_SECONDS": 0.5}
    room, publisher_id = on_air
    viewer = await joined(connect, room, stage["people"][0])
    offer = await viewer.ok("rtc.subscribe", room=room, publisher_id=publisher_id)
    closed = await viewer.expect("rtc.closed", peer_id=offer["peer_id"], timeout=5)
    assert closed["reason"] == "timeout"
    assert media.viewer_count(stage["room_id"]) == 0
    late = await viewer.request("rtc.answer", room=room, peer_id=offer["peer_id"], sdp="v=0")
    assert late["code"] == "not_found"


async def test_guests_get_a_share_of_the_relay_then_hls(connect, stage, on_air, settings):
    settings.STREAMS = {**settings.STREAMS, "TURN_URLS": ["turn:turn.example.org"], "TURN_SECRET": "s"}
    room, publisher_id = on_air
    first_guest, second_guest = await joined(connect, room), await joined(connect, room)
    offer = await first_guest.ok("rtc.subscribe", room=room, publisher_id=publisher_id)
    # A guest with a WebRTC place gets TURN credentials of that connection's own.
    assert offer["mode"] == "webrtc"
    (turn,) = [s for s in offer["ice_servers"] if "credential" in s]
    assert turn["username"].split(":", 1)[1].startswith("guest-")
    # No HLS yet: the second guest hears why, and that logging in would help.
    refused = await second_guest.request("rtc.subscribe", room=room, publisher_id=publisher_id)
    assert refused["code"] == "viewer_limit" and refused["limit"] == 1
    # People logged in still find places.
    for person in stage["people"][:2]:
        client = await joined(connect, room, person)
        assert (await client.ok("rtc.subscribe", room=room, publisher_id=publisher_id))["mode"] == "webrtc"
    # With an HLS stream (a run listed in the database, as by any process), guests past
    # their share are sent to it.
    run_id = "0123456789abcdef0123456789abcdef"
    await sync_to_async(recordings.start_recording)(
        room_id=stage["room_id"], room_slug=room, run_id=run_id, started_at=timezone.now()
    )
    sent = await second_guest.ok("rtc.subscribe", room=room, publisher_id=publisher_id)
    assert sent == {**sent, "mode": "hls", "hls_url": f"/streams/hls/{room}/{run_id}/live.m3u8"}
    assert "peer_id" not in sent and "ice_servers" not in sent
    assert media.viewer_count(stage["room_id"]) == 3
