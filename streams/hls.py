"""HLS packaging of live stages with PyAV: one encoder per stage, off the event loop.

While a stage is live and has a publisher with video, a `PackagingRun` reads the publisher's
tracks through its MediaRelay (like one more viewer, but decoded once and encoded once to
H.264 + AAC) and hands the frames to an encoder thread, which writes FFmpeg's HLS muxer
output under <work root>/<room slug>/<run id>/: `index.m3u8` (an EVENT playlist that grows
for the whole run and gets EXT-X-ENDLIST when it stops: the recording) and `segNNNNN.ts`
(MPEG-TS, ~2 s each). Viewers read a rolling window of it, `live.m3u8`. The work root is the
shared HLS directory, or a spool that a `RunUploader` copies to object storage as it grows
(streams.hls_storage); either way every process can serve the run (streams.hls_views).
Which publisher: the first one (in publishing order) with video; compositing a panel is not
done (see docs/streams.md).
"""

from __future__ import annotations

import asyncio
import fcntl
import fractions
import logging
import queue
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import av
from aiortc.mediastreams import MediaStreamError
from django.conf import settings

from streams import hls_storage
from streams.hls_storage import LIVE_PLAYLIST, PLAYLIST
from streams.media import Publisher, StageMedia

logger = logging.getLogger(__name__)

SEGMENT_SECONDS = 2
VIDEO_TIME_BASE = fractions.Fraction(1, 90000)
AUDIO_RATE = 48000
MAX_WIDTH, MAX_HEIGHT = 1280, 720
# Frames waiting for the encoder; past this the newest video frames are dropped (a slow
# machine gets a jerky HLS stream, never a growing backlog or a stalled event loop). Audio
# (small, and a gap would shift the sound against the picture) is dropped only past 4×.
# About a second of 30 fps video: decoded 720p frames are 1.4 MB each, so this bounds a
# stage's backlog near 40 MB.
QUEUE_DEPTH = 30
# Held (flock) by the encoder while it writes a run: a run whose lock nobody holds and whose
# playlist has no ENDLIST was left by a dead process (streams.leftovers).
WRITER_LOCK = "writer.lock"


def hls_root() -> Path:
    """Where this process's encoders write runs (streams.hls_storage.work_root)."""
    return hls_storage.work_root()


def run_url(room_slug: str, run_id: str, name: str) -> str:
    """The public URL of one file of a run (STREAMS["HLS_BASE_URL"] may name a CDN)."""
    return f"{settings.STREAMS['HLS_BASE_URL']}/streams/hls/{room_slug}/{run_id}/{name}"


class HlsEncoder(threading.Thread):
    """Encodes queued (kind, frame, arrival time) tuples to HLS. Frames are copied before
    being changed: the relay hands the same frame objects to the viewers' encoders."""

    def __init__(
        self,
        directory: Path,
        with_audio: bool,
        on_ready: Callable[[], None],
        on_failed: Callable[[], None] = lambda: None,
        uploader: hls_storage.RunUploader | None = None,
    ) -> None:
        super().__init__(name=f"hls-{directory.name}", daemon=True)
        self.directory = directory
        # Remote storage: the uploader copies the run and says when it is ready to be read.
        self.uploader = uploader
        self.with_audio = with_audio  # False: the publisher has no microphone, AAC carries silence
        self.on_ready, self.on_failed = on_ready, on_failed
        self.frames: queue.Queue = queue.Queue()
        self.dropped = 0
        self.video_frames = 0
        self.media_seconds = 0.0
        self.failed: BaseException | None = None

    def put(self, item: tuple[str, Any, float] | None) -> None:
        if item is None:
            self.frames.put(None)  # the end: always delivered
            return
        if self.frames.qsize() >= (QUEUE_DEPTH if item[0] == "video" else 4 * QUEUE_DEPTH):
            self.dropped += 1
            return
        self.frames.put_nowait(item)

    def run(self) -> None:
        try:
            self._encode()
        except Exception as error:  # reported to the run, never lost in a thread
            self.failed = error
            logger.exception("HLS encoder for %s failed", self.directory)
            self.on_failed()

    def _encode(self) -> None:
        first = self.frames.get()
        while first is not None and first[0] != "video":  # the picture's size sets up the encoder
            first = self.frames.get()
        if first is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        lock = open(self.directory / WRITER_LOCK, "wb")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self.uploader is not None:
                self.uploader.start()
            self._write(first)
        finally:
            if self.uploader is not None:
                self.uploader.finish()  # the rest, with ENDLIST, before the run counts as done
            (self.directory / WRITER_LOCK).unlink(missing_ok=True)
            lock.close()  # drops the lock

    def _write(self, first: tuple[str, Any, float]) -> None:
        options = {
            "hls_time": str(SEGMENT_SECONDS),
            "hls_list_size": "0",
            "hls_playlist_type": "event",
            "hls_segment_filename": str(self.directory / "seg%05d.ts"),
            "hls_flags": "independent_segments+temp_file",
        }
        output = av.open(str(self.directory / PLAYLIST), "w", format="hls", options=options)
        try:
            video, audio, resampler = self._streams(output, first[1])
            state = {"video_start": None, "last_pts": -1, "next_key": 0, "audio_samples": 0, "t0": first[2]}
            item, changed = first, 0
            while item is not None:
                kind, frame, arrived = item
                if kind == "video":
                    self._video(output, video, frame, state)
                    if not self.with_audio:
                        self._silence(output, audio, resampler, state)
                elif self.with_audio:
                    self._audio(output, audio, resampler, frame, arrived, state)
                changed = self._playlist_changed(changed)
                item = self.frames.get()
            for packet in video.encode():
                output.mux(packet)
            for packet in audio.encode():
                output.mux(packet)
        finally:
            output.close()  # writes EXT-X-ENDLIST

    def _playlist_changed(self, seen: int) -> int:
        """After each frame: a new playlist (a segment was cut) is announced or uploaded."""
        try:
            mtime = (self.directory / PLAYLIST).stat().st_mtime_ns
        except FileNotFoundError:
            return seen
        if mtime != seen:
            if self.uploader is not None:
                self.uploader.poke()  # the uploader calls on_ready once the storage has it
            elif not seen:
                self.on_ready()
        return mtime

    def _streams(self, output, frame: av.VideoFrame):
        scale = min(1.0, MAX_WIDTH / frame.width, MAX_HEIGHT / frame.height)
        video = output.add_stream(
            "libx264",
            rate=30,
            options={
                "preset": "veryfast",
                "tune": "zerolatency",
                # Keyframes are forced every SEGMENT_SECONDS of media time (pict_type I).
                "x264-params": "keyint=600:min-keyint=600:scenecut=0",
            },
        )
        video.width, video.height = int(frame.width * scale) // 2 * 2, int(frame.height * scale) // 2 * 2
        video.pix_fmt = "yuv420p"
        video.time_base = VIDEO_TIME_BASE
        audio = output.add_stream("aac", rate=AUDIO_RATE, layout="stereo")
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=AUDIO_RATE, frame_size=1024)
        return video, audio, resampler

    def _video(self, output, stream, frame: av.VideoFrame, state: dict) -> None:
        width, height = stream.width, stream.height
        if (frame.width, frame.height, frame.format.name) != (width, height, "yuv420p"):
            copy = frame.reformat(width=width, height=height, format="yuv420p")
        else:
            copy = av.VideoFrame.from_ndarray(frame.to_ndarray(), format="yuv420p")
        # Media time from the publisher's RTP timestamps, relative to the run's first frame.
        if frame.pts is not None and frame.time_base:
            source = float(frame.pts * frame.time_base)
            if state["video_start"] is None:
                state["video_start"] = source
            pts = round((source - state["video_start"]) / VIDEO_TIME_BASE)
        else:
            pts = state["last_pts"] + 1
        pts = max(pts, state["last_pts"] + 1)
        state["last_pts"] = pts
        copy.pts, copy.time_base = pts, VIDEO_TIME_BASE
        if pts >= state["next_key"]:
            copy.pict_type = av.video.frame.PictureType.I
            state["next_key"] = pts + SEGMENT_SECONDS * VIDEO_TIME_BASE.denominator
        for packet in stream.encode(copy):
            output.mux(packet)
        self.video_frames += 1
        self.media_seconds = float(pts * VIDEO_TIME_BASE)

    def _silence(self, output, stream, resampler, state: dict) -> None:
        """AAC silence up to the video's time, so every run has the same two tracks."""
        target = round(self.media_seconds * AUDIO_RATE)
        while state["audio_samples"] + 960 <= target:
            frame = av.AudioFrame(format="s16", layout="stereo", samples=960)
            for plane in frame.planes:
                plane.update(bytes(plane.buffer_size))
            self._encode_audio(output, stream, resampler, frame, state)

    def _audio(self, output, stream, resampler, frame: av.AudioFrame, arrived: float, state: dict) -> None:
        if state["audio_samples"] == 0:
            # Audio starts where it arrived relative to the run's first video frame.
            state["audio_samples"] = max(0, round((arrived - state["t0"]) * AUDIO_RATE))
        copy = av.AudioFrame.from_ndarray(frame.to_ndarray(), format=frame.format.name, layout=frame.layout.name)
        copy.sample_rate = frame.sample_rate
        self._encode_audio(output, stream, resampler, copy, state)

    def _encode_audio(self, output, stream, resampler, frame: av.AudioFrame, state: dict) -> None:
        frame.sample_rate = frame.sample_rate or AUDIO_RATE
        frame.pts = round(state["audio_samples"] * frame.sample_rate / AUDIO_RATE)
        frame.time_base = fractions.Fraction(1, frame.sample_rate)
        state["audio_samples"] += round(frame.samples * AUDIO_RATE / frame.sample_rate)
        for resampled in resampler.resample(frame):
            for packet in stream.encode(resampled):
                output.mux(packet)


class PackagingRun:
    """One live stretch of one stage: one publisher's tracks → one encoder thread."""

    def __init__(self, *, room_id: int, room_slug: str, publisher: Publisher, on_ready, on_failed) -> None:
        self.run_id = uuid.uuid4().hex
        self.room_id, self.room_slug, self.publisher_id = room_id, room_slug, publisher.peer_id
        self.directory = hls_root() / room_slug / self.run_id
        self.started_at = time.time()
        self.ready = False
        loop = asyncio.get_running_loop()
        kinds = {tap.kind for tap in publisher.taps}

        def ready() -> None:
            loop.call_soon_threadsafe(self._ready, on_ready)

        self.encoder = HlsEncoder(
            self.directory,
            "audio" in kinds,
            ready,
            lambda: loop.call_soon_threadsafe(on_failed, self),
            hls_storage.RunUploader(self.directory, ready) if hls_storage.is_remote() else None,
        )
        self.encoder.start()
        self.tracks = []
        self.readers = []
        for tap in publisher.taps:
            # Video unbuffered (the newest frame); audio buffered (no gaps in the sound).
            track = publisher.relay.subscribe(tap, buffered=tap.kind == "audio")
            self.tracks.append(track)
            self.readers.append(asyncio.ensure_future(self._read(tap.kind, track)))

    @property
    def live_url(self) -> str:
        return run_url(self.room_slug, self.run_id, LIVE_PLAYLIST)

    def _ready(self, on_ready) -> None:
        self.ready = True
        on_ready(self)

    async def _read(self, kind: str, track) -> None:
        try:
            while True:
                frame = await track.recv()
                self.encoder.put((kind, frame, time.monotonic()))
        except MediaStreamError:
            pass

    async def stop(self) -> None:
        for reader in self.readers:
            reader.cancel()
        for track in self.tracks:
            track.stop()
        self.encoder.put(None)
        await asyncio.get_running_loop().run_in_executor(None, self.encoder.join)


class StagePackagers:
    """The runs of this process, one per stage at most."""

    def __init__(self, media: StageMedia) -> None:
        self.media = media
        self.runs: dict[int, PackagingRun] = {}
        self.live_rooms: dict[int, str] = {}  # room id → slug, for rooms whose state is live
        self._lock: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None
        self.tasks: set[asyncio.Task] = set()
        # Called (room_id, room_slug) when the live URL or the recordings change.
        self.listeners: list[Callable[[int, str], Awaitable[None]]] = []
        # Called with (run, event): "started" before encoding, "ready" once its first segment
        # can be read (stored), "finished" after the playlist closed.
        self.run_listeners: list[Callable[[PackagingRun, str], Awaitable[None]]] = []
        # Asked when a publisher appears on a room this process has not seen go live (its
        # state was set on another process): the room's slug if it is live, else None.
        self.live_slug_of: Callable[[int], Awaitable[str | None]] | None = None

    def lock(self) -> asyncio.Lock:
        """One lock per event loop (tests run one loop per test; a server has one)."""
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock[0] is not loop:
            self._lock = (loop, asyncio.Lock())
        return self._lock[1]

    def hls_url(self, room_id: int) -> str | None:
        run = self.runs.get(room_id)
        return run.live_url if run is not None and run.ready else None

    async def stage_changed(self, room_id: int, room_slug: str, state: str) -> None:
        if state == "live":
            self.live_rooms[room_id] = room_slug
        else:
            self.live_rooms.pop(room_id, None)
        await self.refresh(room_id)

    async def refresh(self, room_id: int) -> None:
        """Start, keep or stop the room's run after its state or its publishers changed."""
        if room_id not in self.live_rooms and self.live_slug_of is not None and self._first_publisher(room_id):
            slug = await self.live_slug_of(room_id)
            if slug is not None:
                self.live_rooms[room_id] = slug
        async with self.lock():
            run = self.runs.get(room_id)
            publisher = self._first_publisher(room_id) if room_id in self.live_rooms else None
            if run is not None and (publisher is None or publisher.peer_id != run.publisher_id):
                await self._stop(run)
                run = None
            if run is None and publisher is not None:
                run = PackagingRun(
                    room_id=room_id,
                    room_slug=self.live_rooms[room_id],
                    publisher=publisher,
                    on_ready=self._on_ready,
                    on_failed=self._on_failed,
                )
                self.runs[room_id] = run
                await self._tell_runs(run, "started")

    def _first_publisher(self, room_id: int) -> Publisher | None:
        for publisher in self.media.publishers.values():  # dicts keep publishing order
            if publisher.room_id == room_id and any(tap.kind == "video" for tap in publisher.taps):
                return publisher
        return None

    async def _stop(self, run: PackagingRun) -> None:
        self.runs.pop(run.room_id, None)
        await run.stop()
        await self._tell_runs(run, "finished")
        await self._tell(run.room_id, run.room_slug)

    def _on_ready(self, run: PackagingRun) -> None:
        async def ready() -> None:
            async with self.lock():  # never after the run stopped: its row would stay unfinished
                if self.runs.get(run.room_id) is not run:
                    return
                await self._tell_runs(run, "ready")
            await self._tell(run.room_id, run.room_slug)

        self._spawn(ready())

    def _on_failed(self, run: PackagingRun) -> None:
        """The encoder died (logged): stop the run so the stage stops advertising it. The
        stage is not retried until its state or publisher changes."""

        async def stop() -> None:
            async with self.lock():
                if self.runs.get(run.room_id) is run:
                    await self._stop(run)

        self._spawn(stop())

    def _spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _tell_runs(self, run: PackagingRun, event: str) -> None:
        for listener in self.run_listeners:
            try:
                await listener(run, event)
            except Exception:
                logger.exception("HLS run listener failed (%s)", event)

    async def _tell(self, room_id: int, room_slug: str) -> None:
        for listener in self.listeners:
            try:
                await listener(room_id, room_slug)
            except Exception:
                logger.exception("HLS listener failed")
