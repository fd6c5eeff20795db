"""A panel across processes (issue 16): the first speaker publishes on one Daphne, the second
speaker's socket is on the other. Their `rtc.publish` goes through Redis to the first
speaker's process (streams.sfu_cluster, `STREAMS_GATHER_SPEAKERS`), so the stage's HLS run
there mixes both voices (440 Hz and 660 Hz, told apart by pitch) and a WebRTC viewer on the
second process hears the second speaker through the first. When the first process dies, the
second speaker hears `publisher_left` and publishes again, now on their own process."""

from __future__ import annotations

import asyncio
import contextlib

import av
import numpy as np
import pytest

from tests.streams.test_hls_panel import heard_tones
from tests.streams.test_interpretation import ORIGINAL_HZ, SECOND_SPEAKER_HZ, Tone, hears, publish
from tests.system.fixtures_sfu import cluster_stage, two_daphnes  # noqa: F401 (fixtures)
from tests.system.rtc import ColourBars
from tests.system.test_hls import HLS_TIMEOUT
from tests.system.test_stage_cluster_interpretation import listen, make_moderator, speaker_listed

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]
RATE = 48000


async def segment_names(playlist, at_least: int) -> list[str]:
    """The segments a growing run's playlist lists, once it lists `at_least`."""
    deadline = asyncio.get_running_loop().time() + HLS_TIMEOUT
    while True:
        names = [
            line for line in (playlist.read_text() if playlist.exists() else "").splitlines() if line.endswith(".ts")
        ]
        if len(names) >= at_least:
            return names
        assert asyncio.get_running_loop().time() < deadline, f"{playlist} never had {at_least} segments"
        await asyncio.sleep(0.3)


def sound_of(directory, names: list[str]) -> np.ndarray:
    """The decoded sound (first channel) of these segments, in order."""
    samples = []
    for name in names:
        with av.open(str(directory / name)) as container:
            samples += [frame.to_ndarray()[0] for frame in container.decode(audio=0)]
    return np.concatenate(samples)


async def test_a_panel_is_gathered_on_the_first_speakers_process(
    two_daphnes,  # noqa: F811
    ws_client,
    api_token,
    cluster_stage,  # noqa: F811
    loopback_ice,
    make_user,
    server_logs,
):
    first, second = two_daphnes
    room = cluster_stage["room"]
    panellist = await make_user("pat")
    await make_moderator(cluster_stage, panellist)  # may publish: the second speaker
    peers: list = []
    try:
        async with (
            ws_client(first, token=await api_token(cluster_stage["speaker"])) as speaker,
            ws_client(second, token=await api_token(panellist)) as pat,
            ws_client(second, token=await api_token(cluster_stage["viewers"][0])) as viewer,
        ):
            for client in (speaker, pat, viewer):
                await client.ok("room.join", room=room)
            await speaker.ok("stage.set_state", room=room, state="live")
            await publish(speaker, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)])
            media = await speaker.expect("stage.media", timeout=HLS_TIMEOUT, where=lambda f: f["hls_url"])
            run = server_logs / "hls" / room / media["hls_url"].split("/")[-2]
            await speaker_listed(pat, room)

            voice = await publish(pat, room, peers, [Tone(SECOND_SPEAKER_HZ)])  # a microphone, no camera
            assert "publisher_id" in voice, voice
            before = len(await segment_names(run / "index.m3u8", 1))
            # The HLS run on the first process hears both speakers at once.
            names = await segment_names(run / "index.m3u8", before + 3)
            sound = sound_of(run, names[before + 1 : before + 3])
            panel = [heard_tones(sound, at / 2, at / 2 + 0.5) for at in range(int(len(sound) / RATE * 2) - 1)]
            assert {ORIGINAL_HZ, SECOND_SPEAKER_HZ} in panel, panel
            # A viewer on the second process hears the second speaker (forwarded by the first).
            track = await listen(viewer, room, voice["publisher_id"], peers, language=None)
            await hears(track, SECOND_SPEAKER_HZ)

            # The first process dies: the second speaker, whose socket lives, is told and
            # publishes again, now on their own process; the viewer there hears them again.
            first.kill()
            closed = await pat.expect("rtc.closed", timeout=40, peer_id=voice["publisher_id"])
            assert closed["reason"] == "publisher_left"
            again = await publish(pat, room, peers, [Tone(SECOND_SPEAKER_HZ)])
            assert "publisher_id" in again, again
            await hears(await listen(viewer, room, again["publisher_id"], peers, language=None), SECOND_SPEAKER_HZ)
    finally:
        for pc in peers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pc.close(), 5)


async def test_speakers_who_start_at_once_on_two_processes_are_gathered(
    two_daphnes,  # noqa: F811
    ws_client,
    api_token,
    cluster_stage,  # noqa: F811
    loopback_ice,
    make_user,
    server_logs,
):
    """Neither process holds a speaker when both publish: the stage's claim (streams.panel_claim)
    sends one of them to the other's process, so the HLS run hears both."""
    first, second = two_daphnes
    room = cluster_stage["room"]
    panellist = await make_user("pat")
    await make_moderator(cluster_stage, panellist)
    peers: list = []
    try:
        async with (
            ws_client(first, token=await api_token(cluster_stage["speaker"])) as speaker,
            ws_client(second, token=await api_token(panellist)) as pat,
        ):
            for client in (speaker, pat):
                await client.ok("room.join", room=room)
            await speaker.ok("stage.set_state", room=room, state="live")
            both = await asyncio.gather(
                publish(speaker, room, peers, [ColourBars(), Tone(ORIGINAL_HZ)]),
                publish(pat, room, peers, [ColourBars(), Tone(SECOND_SPEAKER_HZ)]),
            )
            assert all("publisher_id" in answer for answer in both), both
            media = await speaker.expect("stage.media", timeout=HLS_TIMEOUT, where=lambda f: f["hls_url"])
            run = server_logs / "hls" / room / media["hls_url"].split("/")[-2]
            names = await segment_names(run / "index.m3u8", 4)
            sound = sound_of(run, names[1:4])
            panel = [heard_tones(sound, at / 2, at / 2 + 0.5) for at in range(int(len(sound) / RATE * 2) - 1)]
            assert {ORIGINAL_HZ, SECOND_SPEAKER_HZ} in panel, panel
    finally:
        for pc in peers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pc.close(), 5)
