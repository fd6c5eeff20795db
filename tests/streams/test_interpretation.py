"""Interpretation channels (streams.interpretation) over the room socket: a speaker publishes
video and a 440 Hz tone, an interpreter assigned to English publishes a 1000 Hz tone
(`rtc.publish {language: "en"}`), real aiortc viewers choose the language and hear it — told
apart by the pitch of what they decode — switch on the fly (`rtc.language`), and fall back to
the original when the interpreter stops. Refusals: people not assigned to the language,
video in an interpretation, two interpreters for one language, subscribing to an
interpretation as if it were a speaker."""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import time
from datetime import timedelta

import av
import numpy as np
import pytest
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription
from channels.db import database_sync_to_async

from streams import services
from streams.media import media
from streams.models import Interpreter, Session
from tests.programme import UTC_0526_0100
from tests.system.rtc import ColourBars

pytestmark = pytest.mark.django_db(transaction=True)

RATE, SAMPLES = 48000, 960  # 20 ms frames
ORIGINAL_HZ, ENGLISH_HZ, SECOND_SPEAKER_HZ = 440, 1000, 660


class Tone(MediaStreamTrack):
    """A microphone that plays one sine tone, 20 ms frames at their real-time pace."""

    kind = "audio"

    def __init__(self, hz: int) -> None:
        super().__init__()
        self.hz, self.count, self.started = hz, 0, None

    async def recv(self) -> av.AudioFrame:
        if self.started is None:
            self.started = time.monotonic()
        wait = self.started + self.count * SAMPLES / RATE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        t = (np.arange(SAMPLES) + self.count * SAMPLES) / RATE
        samples = (np.sin(2 * np.pi * self.hz * t) * 12000).astype(np.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = RATE, self.count * SAMPLES, fractions.Fraction(1, RATE)
        self.count += 1
        return frame


def pitch(frames: list[av.AudioFrame]) -> float:
    """The dominant frequency of decoded audio (first channel)."""
    samples = np.concatenate([f.to_ndarray().reshape(-1)[:: len(f.layout.channels)] for f in frames]).astype(float)
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / frames[0].sample_rate)[spectrum.argmax()])


async def hears(track: MediaStreamTrack, hz: int, within: int = 400) -> None:
    """Read decoded audio until 10 frames (200 ms) in a row have the pitch `hz`, within
    `within` frames (what was queued before a switch is still played out first)."""
    window: list[av.AudioFrame] = []
    heard = []
    for _ in range(within):
        window = [*window, await asyncio.wait_for(track.recv(), 10)][-10:]
        if len(window) == 10:
            heard.append(round(pitch(window)))
            if abs(heard[-1] - hz) < 30:
                return
    raise AssertionError(f"never heard {hz} Hz; heard {sorted(set(heard))[:20]}")


async def silent(track: MediaStreamTrack, within: int = 400) -> None:
    """Read decoded audio until 10 frames in a row are silence (peak below 1 % of the tones')."""
    window: list[int] = []
    for _ in range(within):
        frame = await asyncio.wait_for(track.recv(), 10)
        window = [*window, int(np.abs(frame.to_ndarray()).max())][-10:]
        if len(window) == 10 and max(window) < 120:
            return
    raise AssertionError(f"never silent; last peaks {window}")


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
    interpreter = User.objects.create_user(username="ian", password="x", display_name="Ian")
    moderator = User.objects.create_user(username="mod", password="x", display_name="Mod")
    session.speakers.add(services.create_speaker(name="劳拉", name_en="Laura", user=speaker))
    services.add_event_moderator(event=event, user=moderator)
    Interpreter.objects.create(session=session, user=interpreter, language="en")
    return {
        "room": session.room.slug,
        "session_id": session.pk,
        "speaker": speaker,
        "interpreter": interpreter,
        "moderator": moderator,
    }


@pytest.fixture
async def peers(settings):
    settings.STREAMS = {**settings.STREAMS, "ICE_LOOPBACK": True}
    from streams.media import install_loopback_candidates

    install_loopback_candidates()
    made: list[RTCPeerConnection] = []
    yield made
    await media.close_all()
    for pc in made:
        with contextlib.suppress(Exception):
            await pc.close()


async def publish(client, room: str, peers: list, tracks: list, **fields) -> dict:
    pc = RTCPeerConnection()
    peers.append(pc)
    for track in tracks:
        pc.addTransceiver(track, direction="sendonly")
    await pc.setLocalDescription(await pc.createOffer())
    answer = await client.request("rtc.publish", room=room, sdp=pc.localDescription.sdp, **fields)
    if "sdp" in answer:
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))
    return answer


async def view(client, room: str, peers: list, publisher_id: str, **fields) -> dict:
    pc = RTCPeerConnection()
    peers.append(pc)
    tracks: dict = {}
    pc.on("track", lambda track: tracks.__setitem__(track.kind, track))
    offer = await client.ok("rtc.subscribe", room=room, publisher_id=publisher_id, **fields)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
    await pc.setLocalDescription(await pc.createAnswer())
    await client.ok("rtc.answer", room=room, peer_id=offer["peer_id"], sdp=pc.localDescription.sdp)
    return {"tracks": tracks, "peer_id": offer["peer_id"]}


def second_speaker(stage: dict):
    """Sam, a second speaker of the stage's session (a panel)."""
    from accounts.models import User

    user = User.objects.create_user(username="sam", password="x", display_name="Sam")
    Session.objects.get(pk=stage["session_id"]).speakers.add(services.create_speaker(name="萨姆", user=user))
    return user


async def joined(connect, room: str, user=None):
    client = await connect(user)
    await client.ok("room.join", room=room)
    return client


async def test_viewers_hear_the_language_they_choose(connect, stage, peers):
    room = stage["room"]
    speaker = await joined(connect, room, stage["speaker"])
    interpreter = await joined(connect, room, stage["interpreter"])
    viewer = await joined(connect, room, stage["moderator"])  # may preview: no HLS encoding in this test
    original = await publish(speaker, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)])
    english = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
    assert "publisher_id" in english, english
    listed = await viewer.expect("rtc.publishers", timeout=10)
    while len(listed["publishers"]) < 2:
        listed = await viewer.expect("rtc.publishers", timeout=10)
    by_id = {p["publisher_id"]: p for p in listed["publishers"]}
    assert by_id[english["publisher_id"]]["language"] == "en"
    assert by_id[english["publisher_id"]]["language_name"] == "English"
    assert by_id[original["publisher_id"]]["language"] is None

    plain = await view(viewer, room, peers, original["publisher_id"])
    chosen = await view(viewer, room, peers, original["publisher_id"], language="en")
    await asyncio.sleep(0.5)  # the tracks arrive with the connection
    assert set(chosen["tracks"]) == {"audio", "video"}
    # Two peers of one connection and publisher: the second replaced the first.
    closed = await viewer.expect("rtc.closed", peer_id=plain["peer_id"])
    assert closed["reason"] == "replaced"
    await hears(chosen["tracks"]["audio"], ENGLISH_HZ)

    # On the fly: the original, then English again, without renegotiating.
    ack = await viewer.ok("rtc.language", room=room, peer_id=chosen["peer_id"], language=None)
    assert ack == {**ack, "language": None, "interpreted": False}
    await hears(chosen["tracks"]["audio"], ORIGINAL_HZ)
    ack = await viewer.ok("rtc.language", room=room, peer_id=chosen["peer_id"], language="en")
    assert ack["language"] == "en" and ack["interpreted"] is True
    await hears(chosen["tracks"]["audio"], ENGLISH_HZ)

    # The interpreter stops: the original, not silence; back on (a handover): English again.
    await interpreter.ok("rtc.unpublish", room=room, publisher_id=english["publisher_id"])
    await hears(chosen["tracks"]["audio"], ORIGINAL_HZ)
    again = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
    assert "publisher_id" in again, again
    await hears(chosen["tracks"]["audio"], ENGLISH_HZ)
    # The video still flows throughout.
    frame = await asyncio.wait_for(chosen["tracks"]["video"].recv(), 10)
    assert frame.width == 320


async def test_a_panel_hears_the_interpreter_once(connect, stage, peers):
    """Two speakers, so a viewer holds two peers: the language is heard through one of them
    (the first subscribed), the other plays silence, not the interpreter a second time nor
    its speaker's original under the interpretation. Per peer on request; the other peer
    carries it when the first one leaves."""
    room = stage["room"]
    laura = await joined(connect, room, stage["speaker"])
    sam = await joined(connect, room, await database_sync_to_async(second_speaker)(stage))
    interpreter = await joined(connect, room, stage["interpreter"])
    viewer = await joined(connect, room, stage["moderator"])
    first = await publish(laura, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)])
    second = await publish(sam, room, peers, [ColourBars(), Tone(SECOND_SPEAKER_HZ)])
    await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
    one = await view(viewer, room, peers, first["publisher_id"], language="en")
    other = await view(viewer, room, peers, second["publisher_id"], language="en")
    await asyncio.sleep(0.5)
    await hears(one["tracks"]["audio"], ENGLISH_HZ)
    await silent(other["tracks"]["audio"])

    # The original: each speaker's own voice on their peer.
    for peer in (one, other):
        ack = await viewer.ok("rtc.language", room=room, peer_id=peer["peer_id"], language=None)
        assert ack["interpreted"] is False
    await hears(one["tracks"]["audio"], ORIGINAL_HZ)
    await hears(other["tracks"]["audio"], SECOND_SPEAKER_HZ)
    # One peer asks for English: it carries it, the other keeps its original.
    ack = await viewer.ok("rtc.language", room=room, peer_id=other["peer_id"], language="en")
    assert ack["interpreted"] is True
    await hears(other["tracks"]["audio"], ENGLISH_HZ)
    await hears(one["tracks"]["audio"], ORIGINAL_HZ)
    # Both again: the first subscribed carries it, once.
    ack = await viewer.ok("rtc.language", room=room, peer_id=one["peer_id"], language="en")
    assert ack["interpreted"] is True
    await hears(one["tracks"]["audio"], ENGLISH_HZ)
    await silent(other["tracks"]["audio"])
    # The carrier leaves (its speaker's video closed, say): the other peer takes the language over.
    await viewer.ok("rtc.leave", room=room, peer_id=one["peer_id"])
    await hears(other["tracks"]["audio"], ENGLISH_HZ)


async def test_refusals(connect, stage, peers):
    room = stage["room"]
    speaker = await joined(connect, room, stage["speaker"])
    interpreter = await joined(connect, room, stage["interpreter"])
    second = await joined(connect, room, stage["interpreter"])
    moderator = await joined(connect, room, stage["moderator"])

    # A speaker (or a moderator) is not an interpreter; nor is the interpreter into another language.
    refused = await publish(speaker, room, peers, [Tone(ORIGINAL_HZ)], language="en")
    assert refused["code"] == "forbidden" and "'en'" in refused["message"], refused
    refused = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="ja")
    assert refused["code"] == "forbidden", refused
    guest = await joined(connect, room)
    refused = await guest.request("rtc.publish", room=room, sdp="v=0", language="en")
    assert refused["code"] == "auth_required", refused
    # Not a language code.
    refused = await interpreter.request("rtc.publish", room=room, sdp="v=0", language="English!")
    assert refused["code"] == "invalid_fields", refused
    # An interpretation is audio only.
    refused = await publish(interpreter, room, peers, [ColourBars(), Tone(ENGLISH_HZ)], language="en")
    assert refused["code"] == "invalid_fields" and "audio only" in refused["message"], refused
    # One interpreter per language at a time.
    english = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
    refused = await publish(second, room, peers, [Tone(ENGLISH_HZ)], language="en")
    assert refused["code"] == "invalid_state" and "'en'" in refused["message"], refused
    # An interpretation is heard through the speaker's stream, not watched by itself.
    refused = await moderator.request("rtc.subscribe", room=room, publisher_id=english["publisher_id"])
    assert refused["code"] == "invalid_fields", refused
    # Switching a peer that is not yours, or not a viewer.
    refused = await moderator.request("rtc.language", room=room, peer_id=english["publisher_id"], language="en")
    assert refused["code"] == "not_found", refused
    # A speaker without a microphone: nothing to interpret.
    silent = await publish(speaker, room, peers, [ColourBars()])
    offer = await moderator.ok("rtc.subscribe", room=room, publisher_id=silent["publisher_id"], language="en")
    refused = await moderator.request("rtc.language", room=room, peer_id=offer["peer_id"], language="en")
    assert refused["code"] == "invalid_state", refused
    assert await database_sync_to_async(Interpreter.objects.count)() == 1


async def test_a_language_taken_from_an_interpreter_ends_their_publishing(connect, stage, peers):
    """Through the interpreters API (streams.interpreter_api): the listener falls back to the
    original at once, the interpreter hears rtc.closed `rights_ended`, and may not publish
    it again; a speaker unlinked from the session stops publishing the same way."""
    from django.test import Client as HttpClient

    room = stage["room"]
    speaker = await joined(connect, room, stage["speaker"])
    interpreter = await joined(connect, room, stage["interpreter"])
    viewer = await joined(connect, room, stage["moderator"])
    original = await publish(speaker, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)])
    english = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
    chosen = await view(viewer, room, peers, original["publisher_id"], language="en")
    await asyncio.sleep(0.5)
    await hears(chosen["tracks"]["audio"], ENGLISH_HZ)

    def remove_as_the_events_moderator() -> tuple[int, int]:
        http = HttpClient()
        http.force_login(stage["moderator"])
        session_id = Session.objects.get(room__slug=room).pk
        entry = Interpreter.objects.get(user=stage["interpreter"], language="en")
        listed = http.get(f"/api/sessions/{session_id}/interpreters")
        assert [e["id"] for e in listed.json()] == [entry.pk], listed.content
        return http.delete(f"/api/sessions/{session_id}/interpreters/{entry.pk}").status_code, session_id

    status, session_id = await database_sync_to_async(remove_as_the_events_moderator)()
    assert status == 204
    closed = await interpreter.expect("rtc.closed", peer_id=english["publisher_id"], timeout=10)
    assert closed["reason"] == "rights_ended"
    await hears(chosen["tracks"]["audio"], ORIGINAL_HZ)
    refused = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
    assert refused["code"] == "forbidden", refused

    # The speaker's link to the session removed: their camera stops too.
    def unlink_speaker() -> None:
        session = Session.objects.get(pk=session_id)
        session.speakers.remove(*session.speakers.filter(user=stage["speaker"]))

    await database_sync_to_async(unlink_speaker)()
    closed = await speaker.expect("rtc.closed", peer_id=original["publisher_id"], timeout=10)
    assert closed["reason"] == "rights_ended"
    room_id = await database_sync_to_async(lambda: Session.objects.get(pk=session_id).room_id)()
    assert media.publishers_in(room_id) == []


async def test_stage_get_tells_interpreters_their_languages(connect, stage):
    room = stage["room"]
    interpreter = await joined(connect, room, stage["interpreter"])
    moderator = await joined(connect, room, stage["moderator"])
    guest = await joined(connect, room)
    got = await interpreter.ok("stage.get", room=room)
    assert got["interpreting"] == [{"language": "en", "language_name": "English"}]
    assert (await moderator.ok("stage.get", room=room))["interpreting"] == []
    assert (await guest.ok("stage.get", room=room))["interpreting"] == []
    # A second language assigned: the next stage.get (the page's, on every join) has both.
    await database_sync_to_async(Interpreter.objects.create)(
        session_id=stage["session_id"], user=stage["interpreter"], language="zh"
    )
    got = await interpreter.ok("stage.get", room=room)
    assert [entry["language"] for entry in got["interpreting"]] == ["en", "zh"]
