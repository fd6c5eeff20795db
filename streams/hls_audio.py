"""The sound of an HLS run (streams.hls_encoder): one AAC stream per lane. Lane 0 is the
original (the publisher's microphone, or silence without one); each interpretation language
of the stage has a lane of its own (issue 16), the alternate audio of the master playlist.

A language's lane carries its interpreter's voice while they publish and the original
while nobody interprets into it (a handover, an interpreter who dropped, one who has not
started yet): the same fallback as a WebRTC viewer's `LanguageTrack`, so a viewer who
chose English never hears silence while the speaker talks. Recordings keep every lane.

Timing: each lane counts its own output samples. A lane that changes source (original,
interpreter, silence) starts the new one where its frame arrived relative to the run's
first video frame, never earlier than what it already wrote (no overlap; a short gap at a
switch is left as a gap in the AAC stream, which players bridge)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import av

AUDIO_RATE = 48000
SILENCE_SAMPLES = 960  # 20 ms, the size of a decoded Opus frame


def resampler() -> av.AudioResampler:
    return av.AudioResampler(format="fltp", layout="stereo", rate=AUDIO_RATE, frame_size=1024)


@dataclass
class AudioLane:
    stream: Any  # the AAC output stream of this lane
    language: str | None = None  # None: the original
    interpreting: bool = False  # its interpreter's frames are arriving (language lanes only)
    samples: int = 0  # where the next input frame starts, in AUDIO_RATE samples
    out: int = 0  # the next output frame's pts (behind `samples` by what the resampler holds)
    source: str | None = None  # what the last frame was: "original", "interpreter", "silence"
    held: bool = False  # the resampler has been given frames since it was made
    resampler: av.AudioResampler = field(default_factory=resampler)
    # (format, layout, rate) of the frames the resampler was given: a resampler takes one
    # kind only, and the sources differ (a decoded Opus frame, a panel's mix, silence, a file).
    shape: tuple[str, str, int] | None = None

    def takes_original(self) -> bool:
        return self.language is None or not self.interpreting

    def write(self, output, frame: av.AudioFrame, source: str, position: int) -> None:
        """Encode `frame` (copied, not changed) from `source`, which arrived at `position`
        (samples since the run's first video frame)."""
        if source != self.source:
            self.source = source
            if position > self.samples:
                self._jump(output, position)
        copy = av.AudioFrame.from_ndarray(frame.to_ndarray(), format=frame.format.name, layout=frame.layout.name)
        copy.sample_rate = frame.sample_rate or AUDIO_RATE
        self._encode(output, copy)

    def fill_silence(self, output, until: int) -> None:
        """Silence up to `until` samples (the video's time), 20 ms at a time."""
        self.source = "silence"
        while self.samples + SILENCE_SAMPLES <= until:
            frame = av.AudioFrame(format="flt", layout="stereo", samples=SILENCE_SAMPLES)  # as a panel's mix
            for plane in frame.planes:
                plane.update(bytes(plane.buffer_size))
            frame.sample_rate = AUDIO_RATE
            self._encode(output, frame)

    def finish(self, output) -> None:
        self._drain(output)
        for packet in self.stream.encode():
            output.mux(packet)

    def _encode(self, output, frame: av.AudioFrame) -> None:
        shape = (frame.format.name, frame.layout.name, frame.sample_rate)
        if shape != self.shape:
            if self.held:  # what the old resampler holds goes out; the count goes on from there
                self._drain(output)
                self.resampler = resampler()
                self.held = False
                self.samples = self.out
            self.shape = shape
        # Input timestamps only keep the resampler's filter graph in order; output frames are
        # stamped with this lane's own count (`out`), so a jump lands where it should.
        frame.pts = round(self.samples * frame.sample_rate / AUDIO_RATE)
        frame.time_base = Fraction(1, frame.sample_rate)
        self.samples += round(frame.samples * AUDIO_RATE / frame.sample_rate)
        self.held = True
        for resampled in self.resampler.resample(frame):
            self._emit(output, resampled)

    def _jump(self, output, position: int) -> None:
        """Start again at `position`: what the resampler holds goes out first."""
        self._drain(output)
        self.resampler = resampler()
        self.held = False
        self.shape = None
        self.samples = self.out = position

    def _drain(self, output) -> None:
        if self.held:
            for resampled in self.resampler.resample(None):
                self._emit(output, resampled)

    def _emit(self, output, resampled: av.AudioFrame) -> None:
        resampled.pts, resampled.time_base = self.out, Fraction(1, AUDIO_RATE)
        self.out += resampled.samples
        for packet in self.stream.encode(resampled):
            output.mux(packet)
