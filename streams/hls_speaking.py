"""Who is speaking in a panel, for the HLS gallery's emphasis (streams.hls_grid): the picture
of the person talking gets a coloured frame, as video-call galleries mark the active
speaker, so that a viewer of the stream or the recording sees who the voice belongs to.

Fed with every decoded sound frame of the run (the leader's original and each other
speaker's microphone, streams.hls_encoder), it keeps a smoothed loudness per speaker. The
emphasis moves only after another speaker has been the loudest for `SWITCH_AFTER` seconds
(a cough or a "yes" does not make the frame jump), and goes away after `QUIET_AFTER`
seconds in which nobody spoke above `THRESHOLD` (room noise does not count)."""

from __future__ import annotations

import math

import av
import numpy as np

THRESHOLD = 0.02  # RMS of full scale, about −34 dBFS: below it, silence or room noise
SMOOTHING_SECONDS = 0.15
STALE_SECONDS = 0.5  # a speaker whose sound stopped arriving counts as silent
SWITCH_AFTER = 0.5
QUIET_AFTER = 1.5


def loudness(frame: av.AudioFrame) -> float:
    """The RMS of a sound frame as a share of full scale (0 to 1), any sample format."""
    samples = frame.to_ndarray()
    if not samples.size:
        return 0.0
    if samples.dtype.kind == "i":
        values = samples.astype(np.float32) / float(np.iinfo(samples.dtype).max)
    elif samples.dtype.kind == "u":
        values = (samples.astype(np.float32) - 128.0) / 128.0
    else:
        values = samples.astype(np.float32)
    return float(np.sqrt(np.mean(np.square(values))))


class Speaking:
    """The active speaker of a run, by the key the gallery uses for their picture."""

    def __init__(self) -> None:
        self.levels: dict[str, tuple[float, float]] = {}  # speaker → (smoothed level, last heard)
        self.active: str | None = None
        self.candidate: tuple[str, float] | None = None  # loudest other than active, since when
        self.last_voice = -math.inf

    def heard(self, speaker: str, frame: av.AudioFrame, at: float) -> None:
        level = loudness(frame)
        previous = self.levels.get(speaker)
        if previous is not None:
            keep = math.exp(-max(0.0, at - previous[1]) / SMOOTHING_SECONDS)
            level = previous[0] * keep + level * (1 - keep)
        self.levels[speaker] = (level, at)

    def gone(self, speaker: str) -> None:
        self.levels.pop(speaker, None)
        if self.active == speaker:
            self.active = None
        if self.candidate is not None and self.candidate[0] == speaker:
            self.candidate = None

    def at(self, now: float) -> str | None:
        """The speaker to emphasise at `now` (None: nobody speaks)."""
        heard = {who: level for who, (level, last) in self.levels.items() if now - last <= STALE_SECONDS}
        loudest = max(heard, key=heard.__getitem__, default=None)
        if loudest is None or heard[loudest] < THRESHOLD:
            if now - self.last_voice > QUIET_AFTER:
                self.active, self.candidate = None, None
            return self.active
        self.last_voice = now
        if self.active is None or self.active not in self.levels:
            self.active, self.candidate = loudest, None
        elif loudest == self.active:
            self.candidate = None
        elif self.candidate is None or self.candidate[0] != loudest:
            self.candidate = (loudest, now)
        elif now - self.candidate[1] >= SWITCH_AFTER:
            self.active, self.candidate = loudest, None
        return self.active
