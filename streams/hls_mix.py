"""The original sound of a panel in HLS (streams.hls_encoder): every speaker's microphone,
mixed, so that an HLS viewer hears the whole panel as a WebRTC viewer does (who holds one
peer per speaker and whose browser mixes them).

The packaged publisher (the first with video) leads: its decoded audio is the clock, and
each of its frames goes out with the same stretch of every other speaker's sound added.
The others' voices wait in a buffer each; a voice that runs more than `MAX_LAG` ahead of the
leader (another device's clock a little fast, a burst after a stall) loses its oldest
samples, one that runs short is padded with silence, so the mix never drifts against the
picture. Without a leader's microphone (a camera without sound, a shared screen) the
picture is the clock: the encoder asks for the voices up to the video's time.

Samples are summed as 32-bit floats and clipped to full scale (no automatic gain: a panel
of four at conversation level stays well inside it)."""

from __future__ import annotations

from collections import deque

import av
import numpy as np

from streams.hls_audio import AUDIO_RATE

CHANNELS = 2
MAX_LAG = AUDIO_RATE // 4  # 250 ms of a voice kept ahead of the leader at most


class ToFloat:
    """Any decoded audio as float stereo samples at AUDIO_RATE. A resampler takes one kind of
    frame only; a source that changes its format or rate (a device switched mid-talk) gets a
    new one, rather than stopping the run's encoder."""

    def __init__(self) -> None:
        self.resampler: av.AudioResampler | None = None
        self.shape: tuple[str, str, int] | None = None

    def samples(self, frame: av.AudioFrame) -> np.ndarray:
        """`frame` as an array of shape (n, 2); the frame itself is not changed (the relay
        shares it). n may differ from the frame's count by what the resampler holds."""
        rate = frame.sample_rate or AUDIO_RATE
        shape = (frame.format.name, frame.layout.name, rate)
        if shape != self.shape or self.resampler is None:
            self.resampler = av.AudioResampler(format="flt", layout="stereo", rate=AUDIO_RATE)
            self.shape = shape
        copy = av.AudioFrame.from_ndarray(frame.to_ndarray(), format=frame.format.name, layout=frame.layout.name)
        copy.sample_rate = rate
        chunks = [out.to_ndarray().reshape(-1, CHANNELS) for out in self.resampler.resample(copy)]
        return np.concatenate(chunks) if chunks else np.zeros((0, CHANNELS), dtype=np.float32)


def as_frame(samples: np.ndarray) -> av.AudioFrame:
    frame = av.AudioFrame.from_ndarray(
        np.clip(samples, -1.0, 1.0).astype(np.float32).reshape(1, -1), format="flt", layout="stereo"
    )
    frame.sample_rate = AUDIO_RATE
    return frame


class Voice:
    """One speaker's sound not yet mixed."""

    def __init__(self) -> None:
        self.to_float = ToFloat()
        self.chunks: deque[np.ndarray] = deque()
        self.buffered = 0

    def push(self, frame: av.AudioFrame) -> None:
        samples = self.to_float.samples(frame)
        if len(samples):
            self.chunks.append(samples)
            self.buffered += len(samples)
        while self.buffered > MAX_LAG:  # ahead of the leader: the oldest goes
            excess = self.buffered - MAX_LAG
            oldest = self.chunks[0]
            if len(oldest) <= excess:
                self.chunks.popleft()
                self.buffered -= len(oldest)
            else:
                self.chunks[0] = oldest[excess:]
                self.buffered -= excess

    def add_into(self, mix: np.ndarray) -> None:
        """Add the next len(mix) samples of this voice (fewer if it has fewer) into `mix`."""
        filled = 0
        while filled < len(mix) and self.chunks:
            chunk = self.chunks[0]
            take = min(len(chunk), len(mix) - filled)
            mix[filled : filled + take] += chunk[:take]
            filled += take
            self.buffered -= take
            if take == len(chunk):
                self.chunks.popleft()
            else:
                self.chunks[0] = chunk[take:]


class PanelMix:
    """The other speakers' voices of one run, by speaker, mixed under the leader's sound."""

    def __init__(self) -> None:
        self.voices: dict[str, Voice] = {}
        self.leader = ToFloat()

    def __bool__(self) -> bool:
        return bool(self.voices)

    def add(self, speaker: str, frame: av.AudioFrame) -> None:
        self.voices.setdefault(speaker, Voice()).push(frame)

    def remove(self, speaker: str) -> None:
        self.voices.pop(speaker, None)

    def under(self, frame: av.AudioFrame) -> av.AudioFrame | None:
        """The leader's `frame` with the same stretch of every voice added (None while the
        resampler still holds the first samples)."""
        mix = self.leader.samples(frame).astype(np.float32, copy=True)
        if not len(mix):
            return None
        for voice in self.voices.values():
            voice.add_into(mix)
        return as_frame(mix)

    def alone(self, samples: int) -> av.AudioFrame:
        """`samples` of the voices without a leader (silence where nobody speaks)."""
        mix = np.zeros((samples, CHANNELS), dtype=np.float32)
        for voice in self.voices.values():
            voice.add_into(mix)
        return as_frame(mix)
