"""Interpretation across processes (issue 16): the speaker publishes on one Daphne, the
interpreter's socket is on the other. Their `rtc.publish {language}` goes through Redis to
the speaker's process (where every viewer's audio is forwarded from), so viewers on both
processes who chose English hear the interpreter (a 1000 Hz tone, told from the speaker's
440 Hz by the pitch of what they decode); when the interpreter stops, from their own
process, or when their language is taken away, or when their socket goes, everyone hears
the original again."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from channels.db import database_sync_to_async

from streams.models import Interpreter
from tests.streams.test_interpretation import ENGLISH_HZ, ORIGINAL_HZ, SECOND_SPEAKER_HZ, Tone, hears, publish, silent
from tests.system.fixtures_sfu import cluster_stage, two_daphnes, two_daphnes_apart  # noqa: F401 (fixtures)
from tests.system.rtc import MEDIA_TIMEOUT, ColourBars
from tests.system.test_rights_change import publishes_through_redis  # noqa: F401 (fixture)

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


async def listen(client, room: str, publisher_id: str, peers: list, language: str | None = "en") -> MediaStreamTrack:
    """A viewer of the speaker who chose `language` (English; None: the original); returns
    the audio track."""
    pc = RTCPeerConnection()
    peers.append(pc)
    tracks: asyncio.Queue[MediaStreamTrack] = asyncio.Queue()
    pc.on("track", lambda track: track.kind == "audio" and tracks.put_nowait(track))
    offer = await client.ok("rtc.subscribe", room=room, publisher_id=publisher_id, language=language)
    assert offer["mode"] == "webrtc", offer
    await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
    await pc.setLocalDescription(await pc.createAnswer())
    await client.ok("rtc.answer", room=room, peer_id=offer["peer_id"], sdp=pc.localDescription.sdp)
    return await asyncio.wait_for(tracks.get(), MEDIA_TIMEOUT)


async def make_moderator(stage: dict, user) -> None:
    from streams.models import Session
    from streams.services import add_event_moderator

    def add() -> None:
        add_event_moderator(event=Session.objects.get(pk=stage["session_id"]).event, user=user)

    await database_sync_to_async(add)()


async def speaker_listed(client, room: str) -> None:
    """Until the client's process lists a publisher of the stage (from the room's directory)."""
    deadline = asyncio.get_running_loop().time() + 20
    while not (await client.ok("stage.get", room=room))["publishers"]:
        assert asyncio.get_running_loop().time() < deadline, "the speaker never showed on the second process"
        await asyncio.sleep(0.3)


async def all_hear(tracks: list[MediaStreamTrack], hz: int) -> None:
    for track in tracks:
        await hears(track, hz)


@contextlib.asynccontextmanager
async def stage_sockets(daphnes, ws_client, api_token, stage: dict, interpreter_user):
    """The speaker and a viewer on the first process, a viewer and the interpreter on the
    second, all in the stage's room, which is live; their peer connections closed after."""
    first, second = daphnes
    room = stage["room"]
    speaker_token, *viewer_tokens = [await api_token(u) for u in (stage["speaker"], *stage["viewers"])]
    peers: list = []
    try:
        async with (
            ws_client(first, token=speaker_token) as speaker,
            ws_client(first, token=viewer_tokens[0]) as local,
            ws_client(second, token=viewer_tokens[1]) as remote,
            ws_client(second, token=await api_token(interpreter_user)) as interpreter,
        ):
            for client in (speaker, local, remote, interpreter):
                await client.ok("room.join", room=room)
            await speaker.ok("stage.set_state", room=room, state="live")
            yield speaker, local, remote, interpreter, peers
    finally:
        for pc in peers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pc.close(), 5)


async def test_an_interpreter_on_another_process_is_heard_by_viewers_on_both(
    two_daphnes,  # noqa: F811
    ws_client,
    api_token,
    cluster_stage,  # noqa: F811
    loopback_ice,
    make_user,
    publishes_through_redis,  # noqa: F811
):
    second = two_daphnes[1]
    room = cluster_stage["room"]
    interpreter_user = await make_user("ian")
    moderator_user = await make_user("mona")
    await make_moderator(cluster_stage, moderator_user)
    await database_sync_to_async(Interpreter.objects.create)(
        session_id=cluster_stage["session_id"], user=interpreter_user, language="en"
    )
    async with stage_sockets(two_daphnes, ws_client, api_token, cluster_stage, interpreter_user) as sockets:
        speaker, local, remote, interpreter, peers = sockets
        speaker_id = (await publish(speaker, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)]))["publisher_id"]
        # The interpreter's process learns where the speaker is from the room's directory.
        await speaker_listed(interpreter, room)

        english = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
        # Held by the speaker's process: the first process lists it as one of its own.
        listed = await speaker.ok("stage.get", room=room)
        assert {p["language"] for p in listed["publishers"]} == {None, "en"}

        tracks = [await listen(local, room, speaker_id, peers), await listen(remote, room, speaker_id, peers)]
        await all_hear(tracks, ENGLISH_HZ)

        # Stopped from the interpreter's own process: the original for everyone.
        await interpreter.ok("rtc.unpublish", room=room, publisher_id=english["publisher_id"])
        await all_hear(tracks, ORIGINAL_HZ)
        again = await interpreter.request("rtc.unpublish", room=room, publisher_id=english["publisher_id"])
        assert again["code"] == "not_found"

        # Interpreting again; English is taken away (by this process, through Redis): the
        # interpreter's own process ends the publishing held by the speaker's process.
        english = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
        await all_hear(tracks, ENGLISH_HZ)
        await database_sync_to_async(Interpreter.objects.filter(user=interpreter_user).delete)()
        closed = await interpreter.expect("rtc.closed", timeout=20, peer_id=english["publisher_id"])
        assert closed["reason"] == "rights_ended"
        await all_hear(tracks, ORIGINAL_HZ)

        # Given back and interpreting again; a moderator on the interpreter's process stops
        # it (held by the speaker's process): the interpreter hears why, viewers the original.
        await database_sync_to_async(Interpreter.objects.create)(
            session_id=cluster_stage["session_id"], user=interpreter_user, language="en"
        )
        english = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
        await all_hear(tracks, ENGLISH_HZ)
        refused = await remote.request("rtc.unpublish", room=room, publisher_id=english["publisher_id"])
        assert refused["code"] == "not_found"  # not a moderator: not theirs to stop
        async with ws_client(second, token=await api_token(moderator_user)) as moderator:
            await moderator.ok("room.join", room=room)
            await moderator.ok("rtc.unpublish", room=room, publisher_id=english["publisher_id"])
        closed = await interpreter.expect("rtc.closed", timeout=20, peer_id=english["publisher_id"])
        assert closed["reason"] == "unpublished"
        await all_hear(tracks, ORIGINAL_HZ)

        # Interpreting again, then the interpreter's socket goes: the original again.
        await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
        await all_hear(tracks, ENGLISH_HZ)
        await interpreter.close()
        await all_hear(tracks, ORIGINAL_HZ)


async def test_an_interpretation_follows_a_speaker_who_starts_on_another_process(
    two_daphnes,  # noqa: F811
    ws_client,
    api_token,
    cluster_stage,  # noqa: F811
    loopback_ice,
    make_user,
):
    """The interpreter begins before anyone speaks: with no speaker anywhere, their voice is
    held by their own process. The speaker then starts on the other one, whose viewers would
    not hear it there: the interpreter is told `speaker_moved`, publishes again, and their
    voice is taken to the speaker's process; viewers on both hear it."""
    room = cluster_stage["room"]
    interpreter_user = await make_user("ian")
    await database_sync_to_async(Interpreter.objects.create)(
        session_id=cluster_stage["session_id"], user=interpreter_user, language="en"
    )
    async with stage_sockets(two_daphnes, ws_client, api_token, cluster_stage, interpreter_user) as sockets:
        speaker, local, remote, interpreter, peers = sockets
        early = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
        assert "publisher_id" in early, early

        speaker_id = (await publish(speaker, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)]))["publisher_id"]
        closed = await interpreter.expect("rtc.closed", timeout=20, peer_id=early["publisher_id"])
        assert closed["reason"] == "speaker_moved"
        english = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
        assert english["publisher_id"] != early["publisher_id"]
        listed = await speaker.ok("stage.get", room=room)
        assert {p["language"] for p in listed["publishers"]} == {None, "en"}

        tracks = [await listen(local, room, speaker_id, peers), await listen(remote, room, speaker_id, peers)]
        await all_hear(tracks, ENGLISH_HZ)
        await interpreter.ok("rtc.unpublish", room=room, publisher_id=english["publisher_id"])
        await all_hear(tracks, ORIGINAL_HZ)


async def test_a_panel_on_two_processes_hears_the_interpreter_once(
    two_daphnes_apart,  # noqa: F811
    ws_client,
    api_token,
    cluster_stage,  # noqa: F811
    loopback_ice,
    make_user,
):
    """Two speakers, one on each process; the interpretation is held by the first speaker's.
    A viewer on either process holds a peer to each speaker: English comes through the peer
    to the first one, the peer to the second plays silence (not the second speaker's voice
    under the interpretation); when the interpreter stops, each peer its speaker's voice.
    (Speakers are not gathered on one process here, as with two who start at the same moment.)"""
    second_process = two_daphnes_apart[1]
    room = cluster_stage["room"]
    interpreter_user = await make_user("ian")
    panellist = await make_user("pat")
    await make_moderator(cluster_stage, panellist)  # may publish: the second speaker
    await database_sync_to_async(Interpreter.objects.create)(
        session_id=cluster_stage["session_id"], user=interpreter_user, language="en"
    )
    async with stage_sockets(two_daphnes_apart, ws_client, api_token, cluster_stage, interpreter_user) as sockets:
        speaker, local, remote, interpreter, peers = sockets
        async with ws_client(second_process, token=await api_token(panellist)) as second_speaker:
            await second_speaker.ok("room.join", room=room)
            first_id = (await publish(speaker, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)]))["publisher_id"]
            await speaker_listed(interpreter, room)
            english = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
            second = await publish(second_speaker, room, peers, [ColourBars(), Tone(SECOND_SPEAKER_HZ)])
            listed = await speaker.ok("stage.get", room=room)
            assert sorted(str(p["language"]) for p in listed["publishers"]) == ["None", "None", "en"]

            to_first = [await listen(viewer, room, first_id, peers) for viewer in (local, remote)]
            to_second = [await listen(viewer, room, second["publisher_id"], peers) for viewer in (local, remote)]
            await all_hear(to_first, ENGLISH_HZ)
            for track in to_second:
                await silent(track)

            await interpreter.ok("rtc.unpublish", room=room, publisher_id=english["publisher_id"])
            await all_hear(to_first, ORIGINAL_HZ)
            await all_hear(to_second, SECOND_SPEAKER_HZ)
