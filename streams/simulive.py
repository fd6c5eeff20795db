"""Simulive: a pre-recorded video played as a stage's live stream (docs/streams.md, "Simulive").

This module is the player, a media source like a camera: PyAV demuxes and decodes the file
in a thread, from the *live position* (the wall-clock time since the video went on air, so
every viewer and every late joiner sees the same moment), and two aiortc tracks hand out
its frames when their time comes. streams.simulive_runtime publishes those tracks to the
stage through the same entry point as a browser's camera (`media.publish`), so the WebRTC
relay, HLS packaging and recordings treat it like any speaker.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import logging
import threading
import time
from typing import Any

import av
from aiortc import MediaStreamTrack
from aiortc.mediastreams import MediaStreamError

logger = logging.getLogger(__name__)

VIDEO_CLOCK = fractions.Fraction(1, 90000)
AUDIO_RATE = 48000
AUDIO_CLOCK = fractions.Fraction(1, AUDIO_RATE)
AUDIO_SAMPLES = 960  # 20 ms, what aiortc's Opus encoder takes
# The decoder keeps at most this far ahead of the wall clock (frames waiting in memory).
READ_AHEAD_SECONDS = 0.5


def live_position(started_at: float, now: float | None = None) -> float:
    """Where in the video the stage is: seconds since it went on air (never negative)."""
    return max(0.0, (time.time() if now is None else now) - started_at)


class SimuliveTrack(MediaStreamTrack):
    """One kind of the file's media; `recv` waits until each frame's wall-clock time."""

    def __init__(self, player: SimulivePlayer, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.player = player
        self.queue: asyncio.Queue = asyncio.Queue()
        self.frames_out = 0

    async def recv(self) -> Any:
        if self.readyState != "live":
            raise MediaStreamError
        item = await self.queue.get()
        if item is None:
            self.stop()
            raise MediaStreamError
        due, frame = item
        delay = self.player.started_at + due - time.time()
        if delay > 0:
            await asyncio.sleep(delay)
        self.frames_out += 1
        return frame

    def stop(self) -> None:
        super().stop()
        self.player.track_stopped()


class SimulivePlayer:
    """Plays `path` as live from `started_at` (a Unix time: when position 0 was on air).

    `start()` opens the file at the live position and starts the decoding thread; `stop()`
    ends it. `ended` is set when the file has been played to its end (or failed).
    """

    def __init__(self, path: str, *, started_at: float) -> None:
        self.path = path
        self.started_at = started_at
        self.video: SimuliveTrack | None = None
        self.audio: SimuliveTrack | None = None
        self.quit = threading.Event()
        self.thread: threading.Thread | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.start_position = 0.0
        self.duration: float | None = None
        self.failed: str | None = None

    @property
    def tracks(self) -> list[SimuliveTrack]:
        return [t for t in (self.audio, self.video) if t is not None]

    def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        container = av.open(self.path, mode="r", metadata_errors="ignore")
        try:
            streams = []
            if container.streams.video:
                streams.append(container.streams.video[0])
                self.video = SimuliveTrack(self, "video")
            if container.streams.audio:
                streams.append(container.streams.audio[0])
                self.audio = SimuliveTrack(self, "audio")
            if not streams:
                raise ValueError("the file has neither video nor audio")
            if container.duration is not None:
                self.duration = container.duration / av.time_base
            self.start_position = live_position(self.started_at)
            if self.start_position > 0:
                # To the keyframe before the live position; frames before it are dropped.
                container.seek(int(self.start_position * av.time_base), backward=True, any_frame=False)
        except Exception:
            container.close()
            raise
        self.thread = threading.Thread(
            target=self._decode, args=(container, streams), name=f"simulive {self.path}", daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.quit.set()
        for track in self.tracks:
            if track.readyState == "live":
                MediaStreamTrack.stop(track)

    def track_stopped(self) -> None:
        if all(t.readyState != "live" for t in self.tracks):
            self.quit.set()

    # --- the decoding thread -----------------------------------------------------------

    def _hand(self, track: SimuliveTrack | None, item: Any) -> None:
        if track is not None and self.loop is not None and not self.loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self.loop.call_soon_threadsafe(track.queue.put_nowait, item)

    def _decode(self, container: Any, streams: list[Any]) -> None:
        resampler = av.AudioResampler(format="s16", layout="stereo", rate=AUDIO_RATE, frame_size=AUDIO_SAMPLES)
        audio_pts: int | None = None
        try:
            for frame in container.decode(*streams):
                if self.quit.is_set():
                    return
                if frame.time is None:
                    continue
                at = float(frame.time)
                if at < self.start_position - 0.02:
                    continue  # between the keyframe and the live position
                ahead = self.started_at + at - time.time() - READ_AHEAD_SECONDS
                if ahead > 0 and self.quit.wait(ahead):
                    return
                if isinstance(frame, av.VideoFrame):
                    out = frame.reformat(format="yuv420p")
                    out.pts, out.time_base = round(at / VIDEO_CLOCK), VIDEO_CLOCK
                    self._hand(self.video, (at, out))
                else:
                    for chunk in resampler.resample(frame):
                        if audio_pts is None:
                            audio_pts = round(at * AUDIO_RATE)
                        due = audio_pts / AUDIO_RATE
                        chunk.pts, chunk.time_base = audio_pts, AUDIO_CLOCK
                        audio_pts += chunk.samples
                        self._hand(self.audio, (due, chunk))
        except Exception as error:
            self.failed = str(error) or error.__class__.__name__
            logger.exception("simulive: playing %s failed", self.path)
        finally:
            container.close()
            for track in self.tracks:
                self._hand(track, None)


def probe_seconds(path: str) -> float | None:
    """The file's duration in seconds, if it says."""
    with av.open(path, mode="r", metadata_errors="ignore") as container:
        if container.duration is not None:
            return container.duration / av.time_base
        stream = container.streams.video[0] if container.streams.video else None
        if stream is not None and stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
    return None
