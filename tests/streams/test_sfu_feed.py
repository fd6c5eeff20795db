"""streams.sfu without a network: keyframe detection, what a viewer's track takes (from a
keyframe on, again from a keyframe after it fell behind), keyframe requests to the publisher
at most once a second per track however many ask, and the decoder gate."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from streams import sfu

VP8 = SimpleNamespace(name="VP8", clockRate=90000, mimeType="video/VP8", parameters={})
KEY, DELTA = b"\x10\x02\x00\x9d\x01\x2a", b"\x11\x02\x00"


class Receiver:
    """What a feed uses of an RTCRtpReceiver: its sources and its PLI."""

    def __init__(self) -> None:
        self.plis: list[int] = []

    def getSynchronizationSources(self):
        return [SimpleNamespace(source=1234)]

    async def _send_rtcp_pli(self, ssrc: int) -> None:
        self.plis.append(ssrc)


def frame(data: bytes, timestamp: int = 0):
    return SimpleNamespace(data=data, timestamp=timestamp)


def test_keyframes():
    assert sfu.is_keyframe("VP8", KEY) and not sfu.is_keyframe("VP8", DELTA)
    assert sfu.is_keyframe("H264", b"\x00\x00\x00\x01\x67\x42" + b"\x00\x00\x01\x65\x88")
    assert not sfu.is_keyframe("H264", b"\x00\x00\x00\x01\x41\x9a")
    assert sfu.is_keyframe("opus", b"\x01")


async def test_viewer_starts_at_a_keyframe_and_requests_are_rate_limited(monkeypatch):
    monkeypatch.setattr(sfu, "KEYFRAME_MIN_INTERVAL", 0.2)
    receiver = Receiver()
    feed = sfu.EncodedFeed("video", receiver, VP8)
    viewers = [feed.subscribe() for _ in range(5)]  # five joins: one PLI now, none queued
    await asyncio.sleep(0)
    assert receiver.plis == [1234] and feed.pending_request is not None
    feed.take(VP8, frame(DELTA, 1))
    assert all(not v.frames for v in viewers)  # nothing before a keyframe
    feed.take(VP8, frame(KEY, 2))  # the keyframe came: the queued request is dropped
    assert feed.pending_request is None
    feed.take(VP8, frame(DELTA, 3))
    packet = await viewers[0].recv()
    assert bytes(packet) == KEY and packet.pts == 2 and packet.time_base.denominator == 90000
    await asyncio.sleep(0.3)
    assert receiver.plis == [1234]
    viewers[1].keyframe_wanted()  # the viewer's browser reported picture loss
    viewers[2].keyframe_wanted()
    await asyncio.sleep(0)
    assert receiver.plis == [1234, 1234]  # one request, the second is deferred
    await asyncio.sleep(0.3)
    assert receiver.plis == [1234, 1234, 1234]  # sent at the interval's end: no keyframe came


async def test_a_viewer_behind_drops_to_the_next_keyframe(monkeypatch):
    monkeypatch.setattr(sfu, "VIEWER_DEPTH", {"video": 3, "audio": 3})
    feed = sfu.EncodedFeed("video", Receiver(), VP8)
    slow = feed.subscribe()
    for n, data in enumerate([KEY, DELTA, DELTA, DELTA, DELTA, KEY, DELTA]):
        feed.take(VP8, frame(data, n))
    assert slow.overflows == 1
    assert [f.timestamp for f in slow.frames] == [5, 6]  # picks up at the keyframe
    feed.end()
    assert [bytes(await slow.recv()) for _ in range(2)] == [KEY, DELTA]
    with pytest.raises(sfu.MediaStreamError):
        await slow.recv()


async def test_the_decoder_gets_frames_only_while_wanted():
    receiver = Receiver()
    feed = sfu.EncodedFeed("video", receiver, VP8)
    gate = sfu.DecoderGate(feed)
    gate.put((VP8, frame(KEY, 0)))
    assert gate.empty()  # nobody reads decoded frames
    feed.want_decoded(True)
    gate.put((VP8, frame(DELTA, 1)))  # not decodable alone
    gate.put((VP8, frame(KEY, 2)))
    gate.put((VP8, frame(DELTA, 3)))
    assert [gate.get()[1].timestamp for _ in range(2)] == [2, 3]
    feed.want_decoded(False)
    gate.put((VP8, frame(KEY, 4)))
    gate.put(None)  # the end always reaches the decoder thread
    assert gate.get() is None and gate.empty()
