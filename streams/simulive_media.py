"""A generated video for simulive (the demo and the tests; nothing binary in the repository):
WebM (VP8 + Opus) written with PyAV. Each second of it is recognisable in a decoded frame:
the top band's grey level is `second_level(s)`, so a viewer can tell which moment it sees
(`second_of_frame`)."""

from __future__ import annotations

import fractions
import math
from pathlib import Path

import av
import numpy as np

BAND = 48  # the top band's height in pixels
FIRST_LEVEL, LEVEL_STEP = 40, 14


def second_level(second: int) -> int:
    return FIRST_LEVEL + LEVEL_STEP * (second % 13)


def second_of_frame(frame: av.VideoFrame) -> int:
    """Which second of a generated video a decoded frame shows (modulo 13)."""
    luma = frame.reformat(format="gray").to_ndarray()
    level = float(luma[4 : BAND - 4, 8:-8].mean())
    return max(0, round((level - FIRST_LEVEL) / LEVEL_STEP))


def generate_video(
    path: str | Path, *, seconds: int = 60, width: int = 640, height: int = 360, fps: int = 15, tone: bool = True
) -> Path:
    """Write the video (idempotent callers check for it first); returns its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.webm")
    with av.open(str(partial), mode="w", format="webm") as container:
        video = container.add_stream("libvpx", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.bit_rate = 600_000
        video.options = {"deadline": "realtime", "cpu-used": "8", "g": str(fps)}
        audio = container.add_stream("libopus", rate=48000) if tone else None
        if audio is not None:
            audio.layout = "stereo"
        rate, chunk_samples = 48000, 960
        audio_chunks = 0
        # Planes of yuv420p drawn once: the background, and the bar at each of its places.
        luma = np.empty((height, width), dtype=np.uint8)
        luma[:] = (70 + np.arange(width) * 40 // width)[None, :].astype(np.uint8)
        chroma = np.full((height // 2, width), 128, dtype=np.uint8)
        chroma[: height // 4, :] = 150  # U (the two half-width rows of the packed layout)
        chroma[height // 4 :, :] = 110  # V
        tone_packets: list[tuple[bytes, int, int, fractions.Fraction]] = []
        tone_second = (0.08 * np.sin(2 * math.pi * 440 * np.arange(rate) / rate) * 32767).astype(np.int16)
        for index in range(seconds * fps):
            second, part = divmod(index, fps)
            y = luma.copy()
            left = part * (width - 80) // fps  # a bar sweeping once a second: the stage moves
            y[BAND + 20 : height - 20, left : left + 80] = 200
            y[:BAND, :] = second_level(second)
            image = np.concatenate([y, chroma])
            frame = av.VideoFrame.from_ndarray(image, format="yuv420p")
            frame.pts, frame.time_base = index, fractions.Fraction(1, fps)
            for packet in video.encode(frame):
                container.mux(packet)
            # The tone up to the end of this picture, interleaved with it: its first second
            # encoded, then the same packets again a second later (a steady 440 Hz tone).
            while audio is not None and audio_chunks * chunk_samples < (index + 1) * rate // fps:
                second_of_audio, within = divmod(audio_chunks, rate // chunk_samples)
                if second_of_audio == 0:
                    wave = tone_second[within * chunk_samples : (within + 1) * chunk_samples]
                    chunk = av.AudioFrame.from_ndarray(
                        np.stack([wave, wave]).T.reshape(1, -1), format="s16", layout="stereo"
                    )
                    chunk.sample_rate, chunk.pts = rate, audio_chunks * chunk_samples
                    chunk.time_base = fractions.Fraction(1, rate)
                    for packet in audio.encode(chunk):
                        tone_packets.append((bytes(packet), packet.pts, packet.duration, packet.time_base))
                        container.mux(packet)
                elif within < len(tone_packets):
                    data, pts, duration, time_base = tone_packets[within]
                    again = av.Packet(data)
                    again.stream, again.time_base = audio, time_base
                    again.pts = again.dts = pts + round(second_of_audio / time_base)
                    again.duration = duration
                    container.mux(again)
                audio_chunks += 1
        for packet in video.encode():
            container.mux(packet)
        if audio is not None and seconds < 2:
            for packet in audio.encode():
                container.mux(packet)
    partial.replace(path)
    return path
