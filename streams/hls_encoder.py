"""The HLS encoder thread (PyAV): decoded frames in, FFmpeg's HLS muxer output out, in one
rendition or a quality ladder (streams.hls_ladder). It knows nothing of stages or peers: a
`PackagingRun` (streams.hls) feeds it (kind, frame, arrival time) tuples, which any source
of decoded frames can do (a relay, a pre-recorded file); it writes a directory and tells an
uploader (streams.hls_storage) when the playlist changed.

Items: `("video", frame, arrived)`, `("audio", frame, arrived)` (the original sound),
`("audio", frame, arrived, language)` (an interpreter's voice for that language: one of the
run's `languages`), `("interpreter_left", None, arrived, language)` (that lane takes the
original again), `("panel_audio", frame, arrived, speaker)` (another speaker's microphone,
mixed into the original: streams.hls_mix), `("panel_video", frame, arrived, speaker)` (another
speaker's camera, composed into the picture as a gallery: streams.hls_grid) and
`("panel_left", None, arrived, speaker)`.
With languages a run is always a master playlist with an audio group (streams.hls_audio:
one AAC lane per language beside the original)."""

from __future__ import annotations

import fcntl
import fractions
import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av

from streams import hls_storage
from streams.hls_audio import AUDIO_RATE, SILENCE_SAMPLES, AudioLane
from streams.hls_grid import LEADER, PanelPicture
from streams.hls_ladder import AudioTrack, Rendition, bit_rate_for, renditions_for, variant_map
from streams.hls_mix import PanelMix
from streams.hls_speaking import Speaking
from streams.hls_storage import PLAYLIST

logger = logging.getLogger(__name__)

SEGMENT_SECONDS = 2
VIDEO_TIME_BASE = fractions.Fraction(1, 90000)
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
PICTURES = ("video", "panel_video")  # the items dropped first when the encoder falls behind


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
        heights: list[int] | None = None,
        languages: list[str] | None = None,
    ) -> None:
        super().__init__(name=f"hls-{directory.name}", daemon=True)
        self.directory = directory
        # Remote storage: the uploader copies the run and says when it is ready to be read.
        self.uploader = uploader
        # The quality ladder (streams.hls_ladder): two heights or more make a master playlist.
        self.heights = list(heights or [])
        self.ladder: list[Rendition] = []
        self.with_audio = with_audio  # False: the publisher has no microphone, AAC carries silence
        # Interpretation languages (alternate audio lanes), fixed for the run: the muxer's
        # streams cannot change while it writes.
        self.languages = sorted(set(languages or []))
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
        if self.frames.qsize() >= (QUEUE_DEPTH if item[0] in PICTURES else 4 * QUEUE_DEPTH):
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
        target = self.directory / PLAYLIST
        if len(self.heights) >= 2:
            ladder = renditions_for(first[1].width, first[1].height, self.heights)
            self.ladder = ladder if len(ladder) >= 2 else []
        if self.languages and not self.ladder:  # alternate audio needs the master layout
            width, height = self._single_size(first[1])
            self.ladder = [Rendition(f"{height}p", width, height, bit_rate_for(height))]
        if self.ladder:  # one muxer, one folder per rendition, the master as index.m3u8
            options["hls_segment_filename"] = str(self.directory / "%v" / "seg%05d.ts")
            options["master_pl_name"] = PLAYLIST
            tracks = [AudioTrack("audio")]
            tracks += [AudioTrack(f"audio-{code}", code, default=False) for code in self.languages]
            options["var_stream_map"] = variant_map(self.ladder, tracks)
            target = self.directory / "%v" / PLAYLIST
        output = av.open(str(target), "w", format="hls", options=options)
        try:
            video, lanes = self._streams(output, first[1])
            by_language = {lane.language: lane for lane in lanes[1:]}
            state = {"video_start": None, "last_pts": -1, "next_key": 0, "t0": first[2]}
            panel, gallery, speaking = PanelMix(), PanelPicture(), Speaking()
            canvas = (video[0].width, video[0].height)  # the tallest rendition's size
            item, changed = first, 0
            while item is not None:
                kind, frame, arrived, *language = item
                position = max(0, round((arrived - state["t0"]) * AUDIO_RATE))
                if kind == "video":
                    picture = gallery.compose(frame, arrived, *canvas, speaking.at(arrived)) if gallery else frame
                    self._video(output, video, picture, state)
                    if not self.with_audio:  # the picture is the clock of the other voices, or silence
                        self._voices_until(output, lanes, panel, round(self.media_seconds * AUDIO_RATE))
                elif kind == "audio" and not language:
                    if gallery:
                        speaking.heard(LEADER, frame, arrived)
                    original = panel.under(frame) if panel else frame
                    if self.with_audio and original is not None:
                        for lane in lanes:
                            if lane.takes_original():
                                lane.write(output, original, "original", position)
                elif kind == "panel_audio":
                    panel.add(language[0], frame)
                    speaking.heard(language[0], frame, arrived)
                elif kind == "panel_video":
                    gallery.add(language[0], frame, arrived)
                elif kind == "panel_left":
                    panel.remove(language[0])
                    gallery.remove(language[0])
                    speaking.gone(language[0])
                elif (lane := by_language.get(language[0] if language else None)) is not None:
                    lane.interpreting = kind == "audio"
                    if lane.interpreting:
                        lane.write(output, frame, "interpreter", position)
                changed = self._playlist_changed(changed)
                item = self.frames.get()
            for stream in video:
                for packet in stream.encode():
                    output.mux(packet)
            for lane in lanes:
                lane.finish(output)
        finally:
            output.close()  # writes EXT-X-ENDLIST

    @staticmethod
    def _voices_until(output, lanes: list[AudioLane], panel: PanelMix, until: int) -> None:
        """Without the leader's microphone: the lanes that take the original get the other
        speakers' voices up to `until` samples (each stretch taken once, for every lane),
        then silence."""
        while panel and lanes[0].samples + SILENCE_SAMPLES <= until:
            stretch = panel.alone(SILENCE_SAMPLES)
            for lane in lanes:
                if lane.takes_original() and lane.samples + SILENCE_SAMPLES <= until:
                    lane.write(output, stretch, "original", lane.samples)
        for lane in lanes:
            if lane.takes_original():
                lane.fill_silence(output, until)

    def _playlist_changed(self, seen: int) -> int:
        """After each frame: a new playlist (a segment was cut) is announced or uploaded."""
        watched = self.directory / (f"{self.ladder[0].name}/{PLAYLIST}" if self.ladder else PLAYLIST)
        try:
            mtime = watched.stat().st_mtime_ns
            if self.ladder:
                (self.directory / PLAYLIST).stat()  # the master too
        except FileNotFoundError:
            return seen
        if mtime != seen:
            if self.uploader is not None:
                self.uploader.poke()  # the uploader calls on_ready once the storage has it
            elif not seen:
                self.on_ready()
        return mtime

    @staticmethod
    def _single_size(frame: av.VideoFrame) -> tuple[int, int]:
        """One rendition: the source's size, at most MAX_WIDTH×MAX_HEIGHT, even."""
        scale = min(1.0, MAX_WIDTH / frame.width, MAX_HEIGHT / frame.height)
        return int(frame.width * scale) // 2 * 2, int(frame.height * scale) // 2 * 2

    def _streams(self, output, frame: av.VideoFrame) -> tuple[list, list[AudioLane]]:
        if self.ladder:
            sizes = [(r.width, r.height, r.bit_rate) for r in self.ladder]
        else:
            width, height = self._single_size(frame)
            sizes = [(width, height, bit_rate_for(height))]
        video = []
        for width, height, bit_rate in sizes:
            stream = output.add_stream(
                "libx264",
                rate=30,
                options={
                    "preset": "veryfast",
                    "tune": "zerolatency",
                    # Keyframes are forced every SEGMENT_SECONDS of media time (pict_type I).
                    "x264-params": "keyint=600:min-keyint=600:scenecut=0",
                },
            )
            stream.width, stream.height = width, height
            stream.bit_rate = bit_rate  # ABR: a CDN's bandwidth per viewer is known
            stream.pix_fmt = "yuv420p"
            stream.time_base = VIDEO_TIME_BASE
            video.append(stream)
        # The original first, then one lane per language (the order of the variant map).
        lanes = [
            AudioLane(output.add_stream("aac", rate=AUDIO_RATE, layout="stereo"), language)
            for language in [None, *self.languages]
        ]
        return video, lanes

    def _video(self, output, streams: list, frame: av.VideoFrame, state: dict) -> None:
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
        key = pts >= state["next_key"]
        if key:
            state["next_key"] = pts + SEGMENT_SECONDS * VIDEO_TIME_BASE.denominator
        for stream in streams:  # every rendition cuts its segments at the same keyframes
            width, height = stream.width, stream.height
            if (frame.width, frame.height, frame.format.name) != (width, height, "yuv420p"):
                copy = frame.reformat(width=width, height=height, format="yuv420p")
            else:
                copy = av.VideoFrame.from_ndarray(frame.to_ndarray(), format="yuv420p")
            copy.pts, copy.time_base = pts, VIDEO_TIME_BASE
            if key:
                copy.pict_type = av.video.frame.PictureType.I
            for packet in stream.encode(copy):
                output.mux(packet)
        self.video_frames += 1
        self.media_seconds = float(pts * VIDEO_TIME_BASE)
