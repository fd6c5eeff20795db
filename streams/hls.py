"""HLS packaging of live stages with PyAV: one encoder per stage, off the event loop.

While a stage is live and has a publisher with video, a `PackagingRun` reads the publisher's
tracks through its MediaRelay (like one more viewer, but decoded once and encoded once to
H.264 + AAC) and hands the frames to an encoder thread, which writes FFmpeg's HLS muxer
output under <work root>/<room slug>/<run id>/: `index.m3u8` (an EVENT playlist that grows
for the whole run and gets EXT-X-ENDLIST when it stops: the recording) and `segNNNNN.ts`
(MPEG-TS, ~2 s each). Viewers read a rolling window of it, `live.m3u8`. The work root is the
shared HLS directory, or a spool that a `RunUploader` copies to object storage as it grows
(streams.hls_storage); either way every process can serve the run (streams.hls_views).
Which publisher: the first one (in publishing order) with video: it leads. A panel is packaged
whole: every other speaker on this process is read too, their sound mixed into the original
(streams.hls_mix), their camera composed with the leader's into one gallery picture
(streams.hls_grid). A stage with
interpreters (streams.interpretation) gets one alternate audio rendition per language
(streams.hls_audio): the run reads each interpreter's decoded audio through their relay,
like the speaker's. The languages are the stage's assigned ones when the run starts; an
interpreter who publishes a language the run lacks (assigned later) makes the stage start a
new run that has it.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiortc.mediastreams import MediaStreamError
from django.conf import settings

from streams import hls_storage
from streams.hls_encoder import (
    AUDIO_RATE,
    MAX_HEIGHT,
    MAX_WIDTH,
    QUEUE_DEPTH,
    SEGMENT_SECONDS,
    VIDEO_TIME_BASE,
    WRITER_LOCK,
    HlsEncoder,
)
from streams.hls_storage import LIVE_PLAYLIST, PLAYLIST
from streams.media import Publisher, StageMedia

__all__ = [
    "AUDIO_RATE",
    "LIVE_PLAYLIST",
    "MAX_HEIGHT",
    "MAX_WIDTH",
    "PLAYLIST",
    "QUEUE_DEPTH",
    "SEGMENT_SECONDS",
    "VIDEO_TIME_BASE",
    "WRITER_LOCK",
    "HlsEncoder",
    "PackagingRun",
    "StagePackagers",
    "hls_root",
    "run_url",
]

logger = logging.getLogger(__name__)


def hls_root() -> Path:
    """Where this process's encoders write runs (streams.hls_storage.work_root)."""
    return hls_storage.work_root()


def run_url(room_slug: str, run_id: str, name: str) -> str:
    """The public URL of one file of a run (STREAMS["HLS_BASE_URL"] may name a CDN)."""
    return f"{settings.STREAMS['HLS_BASE_URL']}/streams/hls/{room_slug}/{run_id}/{name}"


class PackagingRun:
    """One live stretch of one stage: one publisher's tracks → one encoder thread."""

    def __init__(
        self,
        *,
        room_id: int,
        room_slug: str,
        publisher: Publisher,
        on_ready,
        on_failed,
        languages: list[str] | None = None,
    ) -> None:
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
            settings.STREAMS.get("HLS_RENDITIONS") or [],
            languages,
        )
        self.languages = self.encoder.languages
        self.encoder.start()
        self.tracks = []
        self.readers = []
        for tap in publisher.taps:
            # Video unbuffered (the newest frame); audio buffered (no gaps in the sound).
            track = publisher.relay.subscribe(tap, buffered=tap.kind == "audio")
            self.tracks.append(track)
            self.readers.append(asyncio.ensure_future(self._read(tap.kind, track)))
        # language → (interpreter's publisher id, their track, its reader)
        self.interpreters: dict[str, tuple[str, object, asyncio.Future]] = {}
        # the other speakers: publisher id → [(their microphone's or camera's track, its reader)]
        self.panel: dict[str, list[tuple[object, asyncio.Future]]] = {}

    def hear_panel(self, speakers: list[Publisher]) -> None:
        """Follow the stage's other speakers (not the packaged publisher, not interpreters):
        while they publish, each one's microphone is mixed into the original and their camera
        shown in the gallery."""
        wanted = {p.peer_id: p for p in speakers if p.peer_id != self.publisher_id and p.language is None}
        for peer_id, followed in list(self.panel.items()):
            if peer_id not in wanted:
                for track, reader in followed:
                    reader.cancel()
                    track.stop()
                del self.panel[peer_id]
                self.encoder.put(("panel_left", None, time.monotonic(), peer_id))
        for peer_id, publisher in wanted.items():
            # A speaker's tracks may come one by one (their microphone, then their camera).
            followed = self.panel.setdefault(peer_id, [])
            for tap in publisher.taps[len(followed) :]:
                # As the leader's: the newest picture, every sample of the sound.
                track = publisher.relay.subscribe(tap, buffered=tap.kind == "audio")
                kind = "panel_audio" if tap.kind == "audio" else "panel_video"
                followed.append((track, asyncio.ensure_future(self._read(kind, track, peer_id))))

    def hear(self, interpreters: dict[str, Publisher]) -> None:
        """Follow the stage's interpreters now publishing (`language → Publisher`): a new one
        is read into their language's lane, one who left gives the lane back to the original."""
        for language, (peer_id, track, reader) in list(self.interpreters.items()):
            current = interpreters.get(language)
            if current is None or current.peer_id != peer_id:
                reader.cancel()
                track.stop()
                del self.interpreters[language]
                self.encoder.put(("interpreter_left", None, time.monotonic(), language))
        for language, publisher in interpreters.items():
            if language not in self.languages or language in self.interpreters:
                continue
            tap = next((t for t in publisher.taps if t.kind == "audio"), None)
            if tap is None:
                continue
            track = publisher.relay.subscribe(tap, buffered=True)
            reader = asyncio.ensure_future(self._read("audio", track, language))
            self.interpreters[language] = (publisher.peer_id, track, reader)

    @property
    def live_url(self) -> str:
        return run_url(self.room_slug, self.run_id, LIVE_PLAYLIST)

    def _ready(self, on_ready) -> None:
        self.ready = True
        on_ready(self)

    async def _read(self, kind: str, track, lane: str | None = None) -> None:
        """Frames of one track into the encoder; `lane`: the language or speaker they are of."""
        try:
            while True:
                frame = await track.recv()
                if lane is None:
                    self.encoder.put((kind, frame, time.monotonic()))
                else:
                    self.encoder.put((kind, frame, time.monotonic(), lane))
        except MediaStreamError:
            pass

    async def stop(self) -> None:
        followed = [(t, r) for _, t, r in self.interpreters.values()]
        followed += [pair for pairs in self.panel.values() for pair in pairs]
        for track, reader in followed:
            reader.cancel()
            track.stop()
        self.interpreters.clear()
        self.panel.clear()
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
        # Asked when a run starts: the interpretation languages the stage has (assigned).
        self.languages_of: Callable[[int], Awaitable[list[str]]] | None = None

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
            interpreters = self.media.interpreters(room_id)
            if run is not None and (
                publisher is None
                or publisher.peer_id != run.publisher_id
                or not set(interpreters) <= set(run.languages)  # a language the run cannot carry
            ):
                await self._stop(run)
                run = None
            if run is None and publisher is not None:
                languages = set(interpreters)
                if self.languages_of is not None:
                    languages |= set(await self.languages_of(room_id))
                run = PackagingRun(
                    room_id=room_id,
                    room_slug=self.live_rooms[room_id],
                    publisher=publisher,
                    on_ready=self._on_ready,
                    on_failed=self._on_failed,
                    languages=sorted(languages),
                )
                self.runs[room_id] = run
                await self._tell_runs(run, "started")
            if run is not None:
                run.hear(interpreters)
                run.hear_panel(self.media.speakers_in(room_id))

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
