"""Stage stream state over the room socket: transitions, who may change it, sequenced events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async

from streams import services
from streams.models import Session
from tests.programme import UTC_0526_0100

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stage(transactional_db, event):
    """A main-forum session (its stage room), an event moderator and a linked speaker."""
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
    moderator = User.objects.create_user(username="mod", password="x", display_name="Mod")
    speaker_user = User.objects.create_user(username="laura", password="x", display_name="Laura")
    attendee = User.objects.create_user(username="alice", password="x", display_name="Alice")
    services.add_event_moderator(event=event, user=moderator)
    session.speakers.add(services.create_speaker(name="劳拉", name_en="Laura", user=speaker_user))
    return {
        "session": session,
        "room": session.room.slug,
        "moderator": moderator,
        "speaker": speaker_user,
        "attendee": attendee,
    }


async def test_speaker_goes_live_and_everyone_sees_it_with_a_seq(connect, stage):
    room = stage["room"]
    speaker = await connect(stage["speaker"])
    viewer = await connect(stage["attendee"])
    guest = await connect()
    for client in (speaker, viewer, guest):
        await client.ok("room.join", room=room)
    head = (await viewer.ok("stage.get", room=room))["state"]
    assert head == "scheduled"

    answer = await speaker.ok("stage.set_state", room=room, state="live")
    assert answer["state"] == "live" and answer["seq"] >= 1
    for client in (viewer, guest, speaker):
        event = await client.expect("stage.state")
        assert event["state"] == "live" and event["previous"] == "scheduled"
        assert event["seq"] == answer["seq"]
        assert event["by"] == {"id": stage["speaker"].pk, "name": "Laura"}
    session = await database_sync_to_async(Session.objects.get)(pk=stage["session"].pk)
    assert session.stream_state == "live" and session.stream_state_changed_at is not None


async def test_full_cycle_by_moderator_and_speaker(connect, stage):
    room = stage["room"]
    moderator = await connect(stage["moderator"])
    speaker = await connect(stage["speaker"])
    await moderator.ok("room.join", room=room)
    await speaker.ok("room.join", room=room)
    seqs = []
    for client, state in ((moderator, "live"), (speaker, "paused"), (moderator, "live"), (speaker, "ended")):
        seqs.append((await client.ok("stage.set_state", room=room, state=state))["seq"])
    assert seqs == sorted(seqs) and len(set(seqs)) == 4
    assert [seqs[i + 1] - seqs[i] for i in range(3)] == [1, 1, 1]
    refused = await moderator.request("stage.set_state", room=room, state="live")
    assert refused["type"] == "error" and refused["code"] == "invalid_state" and refused["state"] == "ended"


@pytest.mark.parametrize(
    ("path", "bad"),
    [((), "paused"), ((), "scheduled"), (("live",), "live"), (("live",), "scheduled"), (("live", "paused"), "paused")],
)
async def test_invalid_transitions_are_refused(connect, stage, path, bad):
    room = stage["room"]
    speaker = await connect(stage["speaker"])
    await speaker.ok("room.join", room=room)
    for state in path:
        await speaker.ok("stage.set_state", room=room, state=state)
    refused = await speaker.request("stage.set_state", room=room, state=bad)
    assert refused["type"] == "error" and refused["code"] == "invalid_state", refused


async def test_attendees_and_guests_cannot_change_the_state(connect, stage):
    room = stage["room"]
    attendee = await connect(stage["attendee"])
    guest = await connect()
    await attendee.ok("room.join", room=room)
    await guest.ok("room.join", room=room)
    assert (await attendee.request("stage.set_state", room=room, state="live"))["code"] == "forbidden"
    assert (await guest.request("stage.set_state", room=room, state="live"))["code"] == "auth_required"
    assert (await attendee.request("rtc.publish", room=room, sdp="v=0"))["code"] == "forbidden"
    unknown = await guest.request("stage.set_state", room=room, state="on-air")
    assert unknown["code"] == "invalid_fields"
    await attendee.nothing()


async def test_latecomer_finds_the_state_in_history_and_stage_get(connect, stage):
    room = stage["room"]
    speaker = await connect(stage["speaker"])
    await speaker.ok("room.join", room=room)
    await speaker.ok("stage.set_state", room=room, state="live")
    await speaker.ok("stage.set_state", room=room, state="paused")

    late = await connect(stage["attendee"])
    joined = await late.ok("room.join", room=room, since_seq=0)
    states = [e["state"] for e in joined["events"] if e["type"] == "stage.state"]
    assert states == ["live", "paused"]
    current = await late.ok("stage.get", room=room)
    assert current["state"] == "paused" and current["changed_at"]
    assert current["publishers"] == [] and isinstance(current["ice_servers"], list)
    history = await late.ok("room.history", room=room, after_seq=0)
    assert [e["state"] for e in history["events"] if e["type"] == "stage.state"] == ["live", "paused"]


async def test_stage_frames_in_a_room_that_is_no_stage(connect, room, make_user):
    user = await make_user("bob", is_staff=True)
    client = await connect(user)
    await client.ok("room.join", room=room.slug)
    answer = await client.request("stage.set_state", room=room.slug, state="live")
    assert answer["code"] == "not_found"


async def test_viewers_cannot_subscribe_before_live_and_unknown_publishers(connect, stage):
    room = stage["room"]
    attendee = await connect(stage["attendee"])
    speaker = await connect(stage["speaker"])
    await attendee.ok("room.join", room=room)
    await speaker.ok("room.join", room=room)
    early = await attendee.request("rtc.subscribe", room=room, publisher_id="abc")
    assert early["code"] == "invalid_state"
    await speaker.ok("stage.set_state", room=room, state="live")
    missing = await attendee.request("rtc.subscribe", room=room, publisher_id="abc")
    assert missing["code"] == "not_found"
    bad = await speaker.request("rtc.publish", room=room, sdp="not an sdp")
    assert bad["code"] == "invalid_fields", bad
    assert (await speaker.ok("stage.get", room=room))["publishers"] == []


def test_rest_endpoint_gives_the_current_state(client, stage):
    from streams.stage import set_stream_state

    url = f"/api/rooms/{stage['room']}/stage"
    assert client.get(url).json() == {
        "state": "scheduled",
        "changed_at": None,
        "publishers": [],
        "hls_url": None,
        "recordings": [],
        # what the apps pin on stages (streams/pins.py): recruitment's jobs, activities' pitch
        "pinned_jobs": [],
        "roadshow_pitch": [],
    }
    set_stream_state(
        room_id=stage["session"].room_id, user=stage["speaker"], roles=frozenset({"speaker"}), state="live"
    )
    body = client.get(url).json()
    assert body["state"] == "live" and body["changed_at"]
    assert client.get("/api/rooms/nope/stage").status_code == 404
