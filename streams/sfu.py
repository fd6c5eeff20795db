"""Forwarding a publisher's encoded media to its viewers (an SFU inside aiortc).

aiortc decodes what it receives and encodes what it sends; between the two, its receiver
reassembles encoded frames (VP8, H.264, Opus) and hands them to a decoder thread through a
queue, and its sender packs anything that is not a decoded `Frame` without encoding
(`RTCRtpSender._next_encoded_frame` → the codec's `pack`). So:

- `EncodedFeed.install` puts a `DecoderGate` in place of a publisher's receiver queue (before
  the decoder thread starts): every encoded frame goes to the feed, and to the decoder only
  while something wants decoded frames (HLS packaging, a re-encoding viewer); otherwise the
  publisher's media is not decoded at all.
- Each viewer's sender reads a `ForwardTrack`, which yields the frames as `av.Packet`s
  (RTP timestamps kept, so the viewer's RTCP sender reports keep audio and video in sync);
  a video viewer starts at a keyframe.
- Keyframes: a feed asks its publisher for one (RTCP PLI) when a viewer joins, when a
  viewer reports picture loss (PLI/FIR from its browser), when a slow viewer's queue
  overflowed, and when decoding starts; at most one request per `KEYFRAME_MIN_INTERVAL`
  per feed, however many viewers ask (a request arriving inside the interval is sent when
  it ends, if no keyframe came meanwhile).
- NACKs: each hop repairs its own loss. The publisher's receiver NACKs the publisher (aiortc
  does); each viewer's sender answers its viewer's NACKs from its own RTP history (aiortc
  keeps the packets it sent), so a lossy viewer costs the publisher nothing.
"""

from __future__ import annotations

import asyncio
import collections
import fractions
import logging
import queue
import time
from typing import Any

import av
from aiortc import MediaStreamTrack, RTCRtpCodecCapability, RTCRtpSender
from aiortc.contrib.media import MediaRelay
from aiortc.mediastreams import MediaStreamError
from aiortc.rtp import RTCP_PSFB_PLI, RtcpPsfbPacket

logger = logging.getLogger(__name__)

KEYFRAME_MIN_INTERVAL = 1.0  # seconds between two keyframe requests to one publisher track
# Encoded frames a viewer may lag behind before its queue is dropped (video: it then waits
# for the next keyframe, requested at once), ~1 s either way.
VIEWER_DEPTH = {"video": 60, "audio": 60}
RTCP_PSFB_FIR = 4


def is_keyframe(codec_name: str, data: bytes) -> bool:
    """Whether one encoded frame (as aiortc's receiver reassembled it) starts a picture that
    decodes on its own. VP8: the frame tag's bit 0 is 0; H.264: an IDR slice or SPS NAL unit
    (Annex B); audio frames all are."""
    name = codec_name.lower()
    if name == "vp8":
        return bool(data) and not data[0] & 0x01
    if name == "h264":
        i = 0
        while (i := data.find(b"\x00\x00\x01", i)) >= 0 and i + 3 < len(data):
            if data[i + 3] & 0x1F in (5, 7):
                return True
            i += 3
        return False
    return True


class DecoderGate(queue.Queue):
    """Replaces an `RTCRtpReceiver`'s decoder queue: `put` (called on the event loop by the
    receiver, with `(codec, encoded frame)`, or None at the end) forwards to the feed and
    lets the frame through to the decoder thread only when the feed says so."""

    def __init__(self, feed: EncodedFeed) -> None:
        super().__init__()
        self.feed = feed

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        if item is None or self.feed.take(*item):
            super().put(item, block, timeout)


class EncodedFeed:
    """One published track's encoded frames, for its forwarding viewers (and its decoder)."""

    def __init__(self, kind: str, receiver: Any, codec: Any = None) -> None:
        self.kind = kind
        self.receiver = receiver
        self.codec = codec  # RTCRtpCodecParameters the publisher sends (updated by the frames)
        self.clock_rate = codec.clockRate if codec is not None else (90000 if kind == "video" else 48000)
        self.time_base = fractions.Fraction(1, self.clock_rate)
        self.tracks: set[ForwardTrack] = set()
        self.decoding = 0  # how many consumers want decoded frames
        self.decoder_waits_keyframe = True
        self.frames_in = 0
        self.keyframes_in = 0
        self.keyframe_requests = 0  # PLIs actually sent to the publisher
        self.last_request = -KEYFRAME_MIN_INTERVAL
        self.pending_request: asyncio.TimerHandle | None = None
        self.ended = False

    @classmethod
    def install(cls, kind: str, receiver: Any, codec: Any = None) -> EncodedFeed:
        """Hook a receiver whose decoder thread has not started yet (in the peer connection's
        `track` event: aiortc starts it once connected)."""
        feed = cls(kind, receiver, codec)
        receiver._RTCRtpReceiver__decoder_queue = DecoderGate(feed)
        return feed

    # --- frames in ----------------------------------------------------------------------

    def take(self, codec: Any, frame: Any) -> bool:
        """A reassembled frame from the publisher; returns whether the decoder gets it."""
        if self.codec is None or self.codec.name != codec.name:
            self.codec = codec
            self.clock_rate = codec.clockRate
            self.time_base = fractions.Fraction(1, self.clock_rate)
        key = self.kind != "video" or is_keyframe(codec.name, frame.data)
        self.frames_in += 1
        if key and self.kind == "video":
            self.keyframes_in += 1
            if self.pending_request is not None:
                self.pending_request.cancel()
                self.pending_request = None
        for track in self.tracks:
            track.offer(frame, key)
        if not self.decoding:
            return False
        if self.decoder_waits_keyframe and not key:
            return False
        self.decoder_waits_keyframe = False
        return True

    def end(self) -> None:
        self.ended = True
        if self.pending_request is not None:
            self.pending_request.cancel()
            self.pending_request = None
        for track in list(self.tracks):
            track.offer(None, True)

    # --- decoding on demand ---------------------------------------------------------------

    def want_decoded(self, on: bool) -> None:
        self.decoding = max(0, self.decoding + (1 if on else -1))
        if on and self.decoding == 1:
            self.decoder_waits_keyframe = self.kind == "video"
            self.request_keyframe()

    # --- keyframes ------------------------------------------------------------------------

    def request_keyframe(self) -> None:
        """Ask the publisher for a keyframe (PLI), rate-limited per feed."""
        if self.kind != "video" or self.ended:
            return
        now = time.monotonic()
        wait = self.last_request + KEYFRAME_MIN_INTERVAL - now
        if wait > 0:
            if self.pending_request is None:
                self.pending_request = asyncio.get_running_loop().call_later(wait, self._deferred_request)
            return
        self.last_request = now
        sources = self.receiver.getSynchronizationSources()
        if not sources:
            return  # nothing received yet: the publisher's first frame is a keyframe
        self.keyframe_requests += 1
        task = asyncio.ensure_future(self.receiver._send_rtcp_pli(sources[-1].source))
        task.add_done_callback(_log_failure)

    def _deferred_request(self) -> None:
        self.pending_request = None
        self.request_keyframe()

    # --- viewers --------------------------------------------------------------------------

    def subscribe(self) -> ForwardTrack:
        track = ForwardTrack(self)
        self.tracks.add(track)
        self.request_keyframe()
        return track

    def codec_preferences(self) -> list[RTCRtpCodecCapability]:
        """What a viewer's transceiver must negotiate: the publisher's codec (and RTX)."""
        capabilities = RTCRtpSender.getCapabilities(self.kind).codecs
        if self.codec is None:
            return []
        same = [c for c in capabilities if c.mimeType.lower() == self.codec.mimeType.lower()]
        exact = [c for c in same if c.parameters == self.codec.parameters]
        chosen = (exact or same)[:1]
        if not chosen:
            return []
        return chosen + [c for c in capabilities if c.mimeType.lower().endswith("/rtx")]


class DemandRelay(MediaRelay):
    """A `MediaRelay` of decoded frames that tells the feeds when someone reads them: the
    publisher's media is decoded only while a relayed track is being read (HLS packaging,
    a re-encoding viewer). Taps carry their feed as `tap.feed`."""

    def __init__(self) -> None:
        super().__init__()
        self.reading: set[Any] = set()

    def _start(self, proxy: Any) -> None:
        super()._start(proxy)
        feed = getattr(proxy._source, "feed", None)
        if feed is not None and proxy not in self.reading:
            self.reading.add(proxy)
            feed.want_decoded(True)

    def _stop(self, proxy: Any) -> None:
        super()._stop(proxy)
        feed = getattr(proxy._source, "feed", None)
        if feed is not None and proxy in self.reading:
            self.reading.discard(proxy)
            feed.want_decoded(False)


class ForwardTrack(MediaStreamTrack):
    """A viewer's track: the feed's encoded frames as `av.Packet`s, for `RTCRtpSender` to
    pack without encoding. Video starts (and restarts after an overflow) at a keyframe."""

    def __init__(self, feed: EncodedFeed) -> None:
        super().__init__()
        self.kind = feed.kind
        self.feed = feed
        self.frames: collections.deque = collections.deque()
        self.arrived = asyncio.Event()
        self.waits_keyframe = feed.kind == "video"
        self.frames_out = 0
        self.overflows = 0
        self.ended = False

    def offer(self, frame: Any, key: bool) -> None:
        if frame is None:
            self.ended = True
            self.arrived.set()
            return
        if self.waits_keyframe and not key:
            return
        self.waits_keyframe = False
        if len(self.frames) >= VIEWER_DEPTH[self.kind]:
            self.frames.clear()
            self.overflows += 1
            if self.kind == "video":
                self.waits_keyframe = True
                self.feed.request_keyframe()
                if not key:
                    return
                self.waits_keyframe = False
        self.frames.append(frame)
        self.arrived.set()

    def keyframe_wanted(self) -> None:
        """The viewer reported picture loss: skip to the next keyframe and ask for one."""
        self.feed.request_keyframe()

    async def recv(self) -> av.Packet:
        while not self.frames:
            if self.ended or self.readyState != "live":
                raise MediaStreamError
            self.arrived.clear()
            await self.arrived.wait()
        frame = self.frames.popleft()
        packet = av.Packet(frame.data)
        packet.pts = frame.timestamp
        packet.time_base = self.feed.time_base
        self.frames_out += 1
        return packet

    def stop(self) -> None:
        self.feed.tracks.discard(self)
        super().stop()


def watch_viewer_feedback(sender: Any, track: ForwardTrack) -> None:
    """Turn a viewer's picture-loss reports (PLI, FIR) into keyframe requests to the
    publisher; everything else (NACK → retransmission, receiver reports, REMB) stays with
    aiortc's sender."""
    original = sender._handle_rtcp_packet

    async def handle(packet: Any) -> None:
        if isinstance(packet, RtcpPsfbPacket) and packet.fmt in (RTCP_PSFB_PLI, RTCP_PSFB_FIR):
            track.keyframe_wanted()
        await original(packet)

    sender._handle_rtcp_packet = handle


def _log_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.warning("stage forwarding: a keyframe request failed: %r", task.exception())
