"""Simulive: a session's pre-recorded video, checked on upload, taken on air at the start by
the scheduler's task, played through the stage's relay at the live position (a real aiortc
viewer decodes what it gets), switched to a live speaker and back, ended at its end."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta
from pathlib import Path

import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from live.models import RoomEvent
from streams import services, simulive_services
from streams.media import media
from streams.models import Session
from streams.packaging import packagers
from streams.simulive_files import SimuliveFileError
from streams.simulive_media import generate_video, second_of_frame
from streams.simulive_runtime import runtime
from streams.tasks import simulive_tick

VIDEO_SECONDS = 12


@pytest.fixture(scope="session")
def video_bytes(tmp_path_factory) -> bytes:
    path = generate_video(tmp_path_factory.mktemp("simulive") / "talk.webm", seconds=VIDEO_SECONDS, fps=15)
    return Path(path).read_bytes()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(data: bytes, name: str = "talk.webm") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="video/webm")


def make_session(event, *, starts_in: timedelta = timedelta(minutes=-1), slug: str = "opening") -> Session:
    now = timezone.now()
    return services.create_session(
        event=event,
        kind=Session.Kind.OPENING_CEREMONY,
        title="开幕式",
        title_en="Opening ceremony",
        slug=slug,
        starts_at=now + starts_in,
        ends_at=now + starts_in + timedelta(hours=1),
    )


@pytest.fixture
def organizer(django_user_model):
    return django_user_model.objects.create_user(username="org", password="x", is_staff=True)


# --- the upload ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_upload_is_judged_by_its_content(event, organizer, media_root, video_bytes, settings):
    session = make_session(event)
    refusals = {
        "empty": upload(b""),
        "bad_type": upload(b"this is not a video at all, whatever its name", "talk.mp4"),
        "not_decodable": upload(b"\x1a\x45\xdf\xa3" + b"\x00garbage" * 100),
    }
    for code, file in refusals.items():
        with pytest.raises(SimuliveFileError) as refused:
            simulive_services.attach_video(session=session, upload=file, by=organizer)
        assert refused.value.code == code
    settings.SIMULIVE = {**settings.SIMULIVE, "MAX_BYTES": 1000}
    with pytest.raises(SimuliveFileError) as refused:
        simulive_services.attach_video(session=session, upload=upload(video_bytes), by=organizer)
    assert refused.value.code == "too_large"
    session.refresh_from_db()
    assert not session.prerecorded_video and not list(media_root.rglob("*.webm"))  # nothing kept


@pytest.mark.django_db
def test_organizers_attach_a_video_through_the_api(
    client, event, organizer, media_root, video_bytes, django_user_model
):
    session = make_session(event, starts_in=timedelta(hours=1))
    url = f"/api/sessions/{session.pk}/prerecorded-video"
    attendee = django_user_model.objects.create_user(username="att", password="x")
    client.force_login(attendee)
    assert client.post(url, {"file": upload(video_bytes)}).json()["code"] == "forbidden"
    client.force_login(organizer)
    bad = client.post(url, {"file": upload(b"GIF89a not a video", "talk.webm")})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_type" and "file" in bad.json()["fields"]
    good = client.post(url, {"file": upload(video_bytes)})
    assert good.status_code == 200, good.content
    assert good.json()["video"] is True and abs(good.json()["seconds"] - VIDEO_SECONDS) < 0.5
    assert client.get(url).json()["source"] == "video"
    session.refresh_from_db()
    assert Path(session.prerecorded_video.path).read_bytes() == video_bytes
    # Once on air the video stays what it is.
    Session.objects.filter(pk=session.pk).update(stream_state="live")
    late = client.post(url, {"file": upload(video_bytes)})
    assert late.status_code == 409 and late.json()["code"] == "invalid_state"
    assert client.post("/api/sessions/999999/prerecorded-video", {"file": upload(video_bytes)}).status_code == 404


# --- the scheduler ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_task_takes_it_on_air_at_its_start_and_off_at_its_end(event, organizer, media_root, video_bytes):
    due = make_session(event, starts_in=timedelta(seconds=-5))
    later = make_session(event, starts_in=timedelta(minutes=5), slug="later")
    no_video = make_session(event, slug="camera")
    for session in (due, later):
        simulive_services.attach_video(session=session, upload=upload(video_bytes), by=organizer)
    assert simulive_tick() == {"started": [due.pk], "finished": []}
    due.refresh_from_db()
    assert due.stream_state == "live" and due.simulive_started_at == due.starts_at  # from its very start
    event_row = RoomEvent.objects.filter(room_id=due.room_id, type="stage.state").get()
    assert event_row.data["state"] == "live" and event_row.data["by"] is None
    assert Session.objects.get(pk=no_video.pk).stream_state == "scheduled"
    assert Session.objects.get(pk=later.pk).stream_state == "scheduled"
    assert simulive_tick() == {"started": [], "finished": []}  # nothing twice
    # The video's end ends the stage (its recording is what was played).
    after = due.simulive_started_at + timedelta(seconds=VIDEO_SECONDS + 1)
    assert simulive_services.tick(after)["finished"] == [due.pk]
    assert Session.objects.get(pk=due.pk).stream_state == "ended"
    # A scheduler that comes long after a start starts the video then, not in its middle.
    late = simulive_services.start_due(later.starts_at + timedelta(minutes=10))
    later.refresh_from_db()
    assert late == [later.pk] and later.simulive_started_at > later.starts_at + timedelta(minutes=9)


@pytest.mark.django_db
def test_moderators_switch_between_the_video_and_a_speaker(event, organizer, media_root, video_bytes):
    session = make_session(event)
    with pytest.raises(Exception) as refused:
        simulive_services.switch_source(room_id=session.room_id, roles=frozenset({"moderator"}), source="speaker")
    assert refused.value.code == "invalid_state"  # no video to switch from
    simulive_services.attach_video(session=session, upload=upload(video_bytes), by=organizer)
    with pytest.raises(Exception) as refused:
        simulive_services.switch_source(room_id=session.room_id, roles=frozenset({"speaker"}), source="speaker")
    assert refused.value.code == "forbidden"
    simulive_tick()
    assert [w.room_id for w in simulive_services.wanted_stages()] == [session.room_id]
    info = simulive_services.switch_source(room_id=session.room_id, roles=frozenset({"moderator"}), source="speaker")
    assert info["source"] == "speaker" and simulive_services.wanted_stages() == []
    simulive_services.switch_source(room_id=session.room_id, roles=frozenset({"moderator"}), source="video")
    (wanted,) = simulive_services.wanted_stages()
    assert wanted.started_at == Session.objects.get(pk=session.pk).simulive_started_at.timestamp()  # same clock


# --- playing through the relay ---------------------------------------------------------


async def watch(client, room: str, publisher_id: str) -> tuple[RTCPeerConnection, asyncio.Queue]:
    offer = await client.ok("rtc.subscribe", room=room, publisher_id=publisher_id)
    assert offer["mode"] == "webrtc"
    pc = RTCPeerConnection()
    frames: asyncio.Queue = asyncio.Queue()
    readers: list[asyncio.Future] = []

    @pc.on("track")
    def on_track(track) -> None:
        if track.kind == "video":

            async def read() -> None:
                with contextlib.suppress(Exception):
                    while True:
                        frame = await track.recv()
                        await frames.put((time.time(), second_of_frame(frame)))

            readers.append(asyncio.ensure_future(read()))

    await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
    await pc.setLocalDescription(await pc.createAnswer())
    await client.ok("rtc.answer", room=room, peer_id=offer["peer_id"], sdp=pc.localDescription.sdp)
    return pc, frames


async def settled_position(frames: asyncio.Queue, started_at: float) -> tuple[int, float]:
    """The second shown by a frame a moment after the first arrived, and the live position then."""
    deadline = time.time() + 20
    first = None
    while time.time() < deadline:
        at, second = await asyncio.wait_for(frames.get(), timeout=deadline - time.time())
        first = first or at
        if at - first > 0.8:
            return second, at - started_at
    raise AssertionError("no video frames from the simulive stage")


@pytest.mark.django_db(transaction=True)
async def test_viewers_get_the_video_at_the_live_position(connect, event, media_root, video_bytes, django_user_model):
    organizer = await database_sync_to_async(django_user_model.objects.create_user)(
        username="org", password="x", is_staff=True
    )
    session = await database_sync_to_async(make_session)(event)
    await database_sync_to_async(simulive_services.attach_video)(
        session=session, upload=upload(video_bytes), by=organizer
    )
    await database_sync_to_async(simulive_tick)()
    # The video went on air 3 s ago (a late viewer).
    started = timezone.now() - timedelta(seconds=3)
    await database_sync_to_async(Session.objects.filter(pk=session.pk).update)(simulive_started_at=started)
    room = session.room.slug
    viewer = await connect(organizer)
    await viewer.ok("room.join", room=room)  # the first joiner starts this process following
    pcs = []
    try:
        published = await viewer.expect("rtc.publishers", timeout=15)
        (publisher,) = published["publishers"]
        assert set(publisher["kinds"]) == {"audio", "video"} and publisher["user"]["id"] == 0
        pc, frames = await watch(viewer, room, publisher["publisher_id"])
        pcs.append(pc)
        second, position = await settled_position(frames, started.timestamp())
        assert position > 3
        # Where the wall clock says, not at the start (a relay and a loaded machine lag a little).
        assert second >= 3 and position - 3 <= second <= position + 0.5, (second, position)
        # A moderator puts a live speaker on: the video leaves the stage; back, at the live position.
        ack = await viewer.ok("stage.source", room=room, source="speaker")
        assert ack["source"] == "speaker"
        gone = await viewer.expect("rtc.publishers", timeout=5)
        assert gone["publishers"] == []
        await viewer.ok("stage.source", room=room, source="video")
        back = await viewer.expect("rtc.publishers", timeout=10)
        (again,) = back["publishers"]
        pc, frames = await watch(viewer, room, again["publisher_id"])
        pcs.append(pc)
        second, position = await settled_position(frames, started.timestamp())
        assert position - 3 <= second <= position + 0.5, (second, position)
        # HLS packaging follows the simulive publisher like a camera's.
        assert session.room_id in packagers.live_rooms
    finally:
        await runtime.stop_all()
        await media.close_all()
        for run in list(packagers.runs.values()):
            await packagers._stop(run)
        packagers.live_rooms.clear()
        for pc in pcs:
            await pc.close()


@pytest.mark.django_db
def test_the_stage_page_offers_moderators_the_switch(client, event, organizer, media_root, video_bytes):
    session = make_session(event)
    room = session.room
    room.allow_guests = True
    room.save()
    assert '"simulive": false' in client.get(f"/rooms/{room.slug}/").content.decode()
    simulive_services.attach_video(session=session, upload=upload(video_bytes), by=organizer)
    html = client.get(f"/rooms/{room.slug}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '"simulive": true' in html and 'id="stage-source"' in html and "播放预录视频" in html
