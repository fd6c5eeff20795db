"""aiortc helpers for the WebRTC system tests: a synthetic camera and a bounded frame reader."""

from __future__ import annotations

import asyncio
import fractions
import time

import av
from aiortc import MediaStreamTrack

FPS = 15
WIDTH, HEIGHT = 320, 240
FRAMES_WANTED = 10
MEDIA_TIMEOUT = 30.0


class ColourBars(MediaStreamTrack):
    """Synthetic camera: 320×240 yuv420p at 15 fps, its colour changing every frame."""

    kind = "video"

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.started: float | None = None

    async def recv(self) -> av.VideoFrame:
        if self.started is None:
            self.started = time.monotonic()
        wait = self.started + self.count / FPS - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        frame = av.VideoFrame(WIDTH, HEIGHT, "yuv420p")
        luma, chroma = (self.count * 8) % 220 + 16, (128 + self.count * 5) % 256  # the colour changes
        for plane, value in zip(frame.planes, (luma, chroma, chroma), strict=True):
            plane.update(bytes([value]) * plane.buffer_size)
        frame.pts = self.count * (90000 // FPS)
        frame.time_base = fractions.Fraction(1, 90000)
        self.count += 1
        return frame


class FlatCamera(ColourBars):
    """Synthetic camera of one colour (luma `luma`, grey), at ColourBars' size and pace."""

    def __init__(self, luma: int) -> None:
        super().__init__()
        self.luma = luma

    async def recv(self) -> av.VideoFrame:
        frame = await super().recv()
        for plane, value in zip(frame.planes, (self.luma, 128, 128), strict=True):
            plane.update(bytes([value]) * plane.buffer_size)
        return frame


def centre_luma(frame: av.VideoFrame) -> int:
    plane = frame.planes[0]
    return bytes(plane)[HEIGHT // 2 * plane.line_size + WIDTH // 2]


async def receive_frames(track: MediaStreamTrack, wanted: int) -> list[av.VideoFrame]:
    frames = []
    deadline = time.monotonic() + MEDIA_TIMEOUT
    while len(frames) < wanted:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"only {len(frames)} frames within {MEDIA_TIMEOUT}s"
        frames.append(await asyncio.wait_for(track.recv(), remaining))
    return frames
