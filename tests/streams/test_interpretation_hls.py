"""Interpretation in HLS and in the recording (issue 16) over the room socket: a live stage
whose session has an English interpreter is packaged with an `audio-en` rendition beside the
original. An aiortc speaker publishes video and a 440 Hz tone, the interpreter a 1000 Hz
tone; the English rendition carries 1000 Hz while they publish and the original after they
stop; the finished recording keeps both renditions. A language assigned during the run starts
a new run that carries it once its interpreter publishes. A panel's second speaker (660 Hz,
a grey camera) is heard in the original beside the packaged one while they publish, and
seen beside them in the picture (a gallery: streams.hls_grid)."""

from __future__ import annotations

import asyncio
import contextlib

import av
import pytest
from channels.db import database_sync_to_async

from streams.hls import PLAYLIST
from streams.hls_grid import BLACK_Y, planes
from streams.hls_storage import media_playlists
from streams.models import Interpreter
from streams.packaging import packagers
from tests.streams.test_hls_languages import heard, master_entries
from tests.streams.test_hls_panel import decoded, heard_tones
from tests.streams.test_interpretation import (  # noqa: F401 (fixtures)
    ENGLISH_HZ,
    ORIGINAL_HZ,
    SECOND_SPEAKER_HZ,
    Tone,
    joined,
    peers,
    publish,
    second_speaker,
    stage,
)
from tests.system.rtc import ColourBars, FlatCamera

pytestmark = pytest.mark.django_db(transaction=True)
HLS_TIMEOUT = 40.0


async def segments(playlist, at_least: int) -> None:
    """Wait until a media playlist of the run lists `at_least` segments."""
    deadline = asyncio.get_running_loop().time() + HLS_TIMEOUT
    while not playlist.exists() or playlist.read_text().count("#EXTINF") < at_least:
        assert asyncio.get_running_loop().time() < deadline, f"{playlist} never had {at_least} segments"
        await asyncio.sleep(0.2)


async def stage_media(client, where) -> dict:
    """The next `stage.media` frame for which `where(frame)` holds."""
    deadline = asyncio.get_running_loop().time() + HLS_TIMEOUT
    while True:
        remaining = deadline - asyncio.get_running_loop().time()
        frame = await client.expect("stage.media", timeout=max(remaining, 0.1))
        if where(frame):
            return frame


SAM_LUMA = 200
TOLERANCE = 16  # two lossy encodes (VP8 from the speaker, H.264 in HLS) move flat colours


def near(value: int, expected: int) -> bool:
    return abs(value - expected) <= TOLERANCE


def decoded_video(playlist) -> list:
    with av.open(str(playlist)) as container:
        return list(container.decode(video=0))


def gallery_of(frame) -> tuple[int, int, int]:
    """(right cell's centre, top edge of the left cell, left cell's centre) luma of a frame."""
    luma = planes(frame.reformat(format="yuv420p"))[0]
    height, width = luma.shape
    middle, top = height // 2, height // 24
    return int(luma[middle, width * 3 // 4]), int(luma[top, width // 4]), int(luma[middle, width // 4])


def sounds(playlist) -> list[int]:
    """The pitch of each 200 ms window, in order, silence left out (rounded to 10 Hz)."""
    return [round(hz, -1) for _, hz, loudness in heard(playlist) if loudness >= 0.01]


async def test_hls_and_the_recording_carry_each_language(connect, stage, peers, settings, tmp_path):  # noqa: F811
    settings.STREAMS = {**settings.STREAMS, "HLS_ROOT": tmp_path}
    room = stage["room"]
    speaker = await joined(connect, room, stage["speaker"])
    interpreter = await joined(connect, room, stage["interpreter"])
    try:
        await speaker.ok("stage.set_state", room=room, state="live")
        await publish(speaker, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)])
        announced = await stage_media(speaker, lambda f: f["hls_url"])
        run_id = announced["hls_url"].split("/")[-2]
        (run,) = packagers.runs.values()
        assert run.run_id == run_id and run.languages == ["en"]  # assigned, before anyone interprets
        directory = tmp_path / room / run_id
        entries = master_entries((directory / PLAYLIST).read_text())
        assert {name: e["LANGUAGE"] for name, e in entries.items()} == {"audio": "und", "audio-en": "en"}

        english = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="en")
        assert "publisher_id" in english, english
        english_playlist = directory / "audio-en" / PLAYLIST
        spoken_from = english_playlist.read_text().count("#EXTINF") if english_playlist.exists() else 0
        await segments(english_playlist, spoken_from + 3)
        await interpreter.ok("rtc.unpublish", room=room, publisher_id=english["publisher_id"])
        stopped_at = english_playlist.read_text().count("#EXTINF")
        await segments(english_playlist, stopped_at + 2)
        assert packagers.runs[run.room_id] is run  # the interpreter coming and going kept the run

        # Chinese assigned while the stage is live: the run cannot add a rendition, so the
        # interpreter's first Chinese words start a new run that has it (and English).
        await database_sync_to_async(Interpreter.objects.create)(
            session_id=stage["session_id"], user=stage["interpreter"], language="zh"
        )
        chinese = await publish(interpreter, room, peers, [Tone(ENGLISH_HZ)], language="zh")
        assert "publisher_id" in chinese, chinese
        restarted = await stage_media(speaker, lambda f: f["hls_url"] and run_id not in f["hls_url"])
        (second,) = packagers.runs.values()
        assert second.languages == ["en", "zh"] and second.run_id in restarted["hls_url"]
        assert [r["url"].split("/")[-2] for r in restarted["recordings"]] == [run_id]

        await speaker.ok("stage.set_state", room=room, state="ended")
        ended = await stage_media(speaker, lambda f: len(f["recordings"]) == 2)
        recording = ended["recordings"][0]
        assert recording["url"].endswith(f"/{run_id}/{PLAYLIST}")
        assert "audio-zh/index.m3u8" in (tmp_path / room / second.run_id / PLAYLIST).read_text()
        for folder in ("audio", "audio-en"):
            assert (directory / folder / PLAYLIST).read_text().rstrip().endswith("#EXT-X-ENDLIST")

        heard_english = sounds(english_playlist)
        assert ENGLISH_HZ in heard_english, heard_english
        # After the interpreter stopped, the English rendition is the original again.
        assert set(heard_english[-5:]) == {ORIGINAL_HZ}, heard_english
        first_english = heard_english.index(ENGLISH_HZ)
        assert ORIGINAL_HZ in heard_english[:first_english], "the original before the interpreter spoke"
        # The original rendition never carries the interpreter.
        assert set(sounds(directory / "audio" / PLAYLIST)) == {ORIGINAL_HZ}
    finally:
        for live in list(packagers.runs.values()):
            with contextlib.suppress(Exception):
                await packagers._stop(live)
        packagers.live_rooms.clear()


async def test_hls_carries_the_whole_panel(connect, stage, peers, settings, tmp_path):  # noqa: F811
    settings.STREAMS = {**settings.STREAMS, "HLS_ROOT": tmp_path}
    room = stage["room"]
    laura = await joined(connect, room, stage["speaker"])
    sam = await joined(connect, room, await database_sync_to_async(second_speaker)(stage))
    try:
        await laura.ok("stage.set_state", room=room, state="live")
        await publish(laura, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)])
        announced = await stage_media(laura, lambda f: f["hls_url"])
        directory = tmp_path / room / announced["hls_url"].split("/")[-2]
        original = directory / "audio" / PLAYLIST
        await segments(original, 1)
        second = await publish(sam, room, peers, [FlatCamera(SAM_LUMA), Tone(SECOND_SPEAKER_HZ)])
        assert "publisher_id" in second, second
        (run,) = packagers.runs.values()
        assert list(run.panel) == [second["publisher_id"]]
        joined_at = original.read_text().count("#EXTINF")
        await segments(original, joined_at + 3)
        await sam.ok("rtc.unpublish", room=room, publisher_id=second["publisher_id"])
        assert run.panel == {} and packagers.runs[run.room_id] is run  # the run went on
        left_at = original.read_text().count("#EXTINF")
        await segments(original, left_at + 3)
        await laura.ok("stage.set_state", room=room, state="ended")
        await stage_media(laura, lambda f: not f["hls_url"] and f["recordings"])

        sound = decoded(original)
        seconds = len(sound) / 48000
        panel = [heard_tones(sound, at, at + 0.5) for at in range(int(seconds) - 1)]
        assert {ORIGINAL_HZ, SECOND_SPEAKER_HZ} in panel, panel  # both at once, while Sam spoke
        assert panel[-2:] == [{ORIGINAL_HZ}] * 2, panel  # Laura alone after Sam stopped
        assert all(ORIGINAL_HZ in heard for heard in panel[1:]), panel  # the leader is never drowned

        # The picture: Laura's 4:3 camera alone fills the frame; beside Sam's grey one, both
        # are fitted into half-width cells (black bars above and below).
        (video,) = [p for p in media_playlists(directory) if not p.parent.name.startswith("audio")]
        pictures = [gallery_of(frame) for frame in decoded_video(video)]
        both = [i for i, (right, top, _) in enumerate(pictures) if near(right, SAM_LUMA) and near(top, BLACK_Y)]
        assert len(both) >= 30, pictures  # seconds of the gallery while Sam published
        alone_before = pictures[: both[0]][-15:]
        alone_after = pictures[both[-1] + 1 :][-15:]
        for alone in (alone_before, alone_after):
            assert len(alone) == 15, (both[0], both[-1], len(pictures))
            assert all(near(top, left) for _, top, left in alone), alone  # one picture, full frame
    finally:
        for live in list(packagers.runs.values()):
            with contextlib.suppress(Exception):
                await packagers._stop(live)
        packagers.live_rooms.clear()
