"""A stage paused or ended through another process (streams.packaging's state watch): the
process packaging it reads the state from the database and stops the run, as if the
`stage.set_state` had come through its own socket."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from aiortc import RTCPeerConnection
from channels.db import database_sync_to_async

from streams import packaging, services
from streams.media import media
from streams.models import Session
from tests.programme import UTC_0526_0100
from tests.system.rtc import ColourBars

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stage(transactional_db, event):
    return services.create_session(
        event=event,
        kind=Session.Kind.MAIN_FORUM,
        title="主论坛",
        slug="main-forum",
        starts_at=UTC_0526_0100,
        ends_at=UTC_0526_0100 + timedelta(hours=2),
    )


async def test_a_stage_ended_elsewhere_stops_its_packaging_here(
    connect, make_user, stage, settings, tmp_path, monkeypatch
):
    settings.STREAMS = {**settings.STREAMS, "HLS_ROOT": tmp_path / "hls"}
    monkeypatch.setattr(packaging.watch, "WATCH_SECONDS", 0.2)
    room = await database_sync_to_async(lambda: stage.room.slug)()
    laura = await make_user("laura")
    await database_sync_to_async(lambda: stage.speakers.add(services.create_speaker(name="Laura", user=laura)))()
    speaker = await connect(laura)
    await speaker.ok("room.join", room=room)
    await speaker.ok("stage.set_state", room=room, state="live")
    pc = RTCPeerConnection()
    try:
        pc.addTransceiver(ColourBars(), direction="sendonly")
        await pc.setLocalDescription(await pc.createOffer())
        await speaker.ok("rtc.publish", room=room, sdp=pc.localDescription.sdp)
        assert stage.room_id in packaging.packagers.runs
        await asyncio.sleep(0.5)
        assert stage.room_id in packaging.packagers.runs  # still live: kept
        # Another process ends the stage: only the database changes here.
        await Session.objects.filter(pk=stage.pk).aupdate(stream_state=Session.StreamState.ENDED)
        for _ in range(100):
            if stage.room_id not in packaging.packagers.runs:
                break
            await asyncio.sleep(0.1)
        assert stage.room_id not in packaging.packagers.runs
        assert stage.room_id not in packaging.packagers.live_rooms
    finally:
        await media.close_all()
        for active in list(packaging.packagers.runs.values()):
            await packaging.packagers._stop(active)
        packaging.packagers.live_rooms.clear()
        await pc.close()
