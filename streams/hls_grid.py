"""The picture of a panel in HLS (streams.hls_encoder): every speaker's camera in one gallery,
so that an HLS viewer (and the recording, which is the HLS run) sees the whole panel as a
WebRTC viewer does, who holds one peer per speaker.

The packaged publisher (the first with video) leads, as for the sound (streams.hls_mix):
each of its frames is one frame of the run, with the newest picture of every other speaker
beside it. The gallery is the one video-call products show: a grid of ⌈√n⌉ columns, the
last row centred, each picture fitted into its cell with its own shape kept (black bars,
never stretched or cropped), the leader first and the others in publishing order. A speaker
whose camera sends nothing for `STALE_SECONDS` (turned off, a stalled link) keeps their
cell, black, so the others do not jump around; one who stops publishing gives it up.

Composed on the yuv420p planes with numpy: each speaker's picture is scaled once per new
frame of theirs (PyAV's swscale) and copied into the canvas at even offsets, so chroma
lines up. With one speaker the leader's frames pass through untouched (no cost)."""

from __future__ import annotations

import math

import av
import numpy as np

STALE_SECONDS = 3.0
BLACK_Y, NEUTRAL_UV = 16, 128  # limited-range black in YUV
LEADER = ""  # the gallery's key for the leader's picture (the others: their publisher ids)
# The active speaker's frame (streams.hls_speaking): amber, RGB (255, 200, 0), in BT.601 YUV.
EMPHASIS_YUV = (182, 32, 166)
EMPHASIS_PIXELS = 4  # at 720p; scaled with the canvas, even


def even(value: float) -> int:
    """An offset rounded down to even (chroma is subsampled by two)."""
    return max(0, int(value) // 2 * 2)


def size(value: float) -> int:
    """A length rounded down to even, at least 2."""
    return max(2, even(value))


def cells(count: int, width: int, height: int) -> list[tuple[int, int, int, int]]:
    """(x, y, w, h) of `count` cells on a width×height canvas, row by row, the last row
    centred; all even."""
    if count <= 0:
        return []
    columns = math.ceil(math.sqrt(count))
    rows = math.ceil(count / columns)
    cell_w, cell_h = size(width / columns), size(height / rows)
    out = []
    for index in range(count):
        row, column = divmod(index, columns)
        in_row = min(columns, count - row * columns)
        left = even((width - in_row * cell_w) / 2)
        out.append((left + column * cell_w, even((height - rows * cell_h) / 2) + row * cell_h, cell_w, cell_h))
    return out


def fitted(source_w: int, source_h: int, cell: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Where a source_w×source_h picture goes in `cell`, as large as fits with its shape."""
    x, y, cell_w, cell_h = cell
    scale = min(cell_w / source_w, cell_h / source_h)
    w, h = min(cell_w, size(source_w * scale)), min(cell_h, size(source_h * scale))
    return x + even((cell_w - w) / 2), y + even((cell_h - h) / 2), w, h


def planes(frame: av.VideoFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The Y, U and V planes of a yuv420p frame of even size (PyAV packs them in one array)."""
    flat = frame.to_ndarray().ravel()
    w, h = frame.width, frame.height
    luma, chroma = w * h, (w // 2) * (h // 2)
    return (
        flat[:luma].reshape(h, w),
        flat[luma : luma + chroma].reshape(h // 2, w // 2),
        flat[luma + chroma : luma + 2 * chroma].reshape(h // 2, w // 2),
    )


class Picture:
    """One speaker's newest frame and, once asked for, its scaled planes for a size."""

    __slots__ = ("arrived", "frame", "scaled")

    def __init__(self, frame: av.VideoFrame, arrived: float) -> None:
        self.frame, self.arrived = frame, arrived
        self.scaled: tuple[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None

    def planes_at(self, w: int, h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.scaled is None or self.scaled[0] != (w, h):
            # reformat returns a new frame: the relay's frame, shared with viewers, is not changed
            self.scaled = ((w, h), planes(self.frame.reformat(width=w, height=h, format="yuv420p")))
        return self.scaled[1]


class PanelPicture:
    """The other speakers' cameras of one run, by speaker, composed around the leader's."""

    def __init__(self) -> None:
        self.pictures: dict[str, Picture] = {}

    def __bool__(self) -> bool:
        return bool(self.pictures)

    def add(self, speaker: str, frame: av.VideoFrame, arrived: float) -> None:
        self.pictures[speaker] = Picture(frame, arrived)

    def remove(self, speaker: str) -> None:
        self.pictures.pop(speaker, None)

    def compose(
        self, leader: av.VideoFrame, arrived: float, width: int, height: int, speaking: str | None = None
    ) -> av.VideoFrame:
        """The gallery of width×height (even) for the leader's `frame` arriving at `arrived`,
        the picture of `speaking` (LEADER or a speaker's key) framed; the leader alone is
        returned as it is."""
        if not self.pictures:
            return leader
        planes_out = (
            np.full((height, width), BLACK_Y, dtype=np.uint8),
            np.full((height // 2, width // 2), NEUTRAL_UV, dtype=np.uint8),
            np.full((height // 2, width // 2), NEUTRAL_UV, dtype=np.uint8),
        )
        shown = [(LEADER, Picture(leader, arrived)), *self.pictures.items()]
        for cell, (key, picture) in zip(cells(len(shown), width, height), shown, strict=True):
            if arrived - picture.arrived > STALE_SECONDS:
                continue  # a camera that went quiet: its cell stays, black
            x, y, w, h = fitted(picture.frame.width, picture.frame.height, cell)
            for plane, tile, scale in zip(planes_out, picture.planes_at(w, h), (1, 2, 2), strict=True):
                plane[y // scale : (y + h) // scale, x // scale : (x + w) // scale] = tile
            if key == speaking:
                emphasise(planes_out, (x, y, w, h), size(EMPHASIS_PIXELS * height / 720))
        luma, u, v = planes_out
        packed = np.concatenate([luma.ravel(), u.ravel(), v.ravel()]).reshape(-1, width)
        frame = av.VideoFrame.from_ndarray(packed, format="yuv420p")
        frame.pts, frame.time_base = leader.pts, leader.time_base
        return frame


def emphasise(
    planes_out: tuple[np.ndarray, np.ndarray, np.ndarray], box: tuple[int, int, int, int], width: int
) -> None:
    """A frame `width` pixels wide (even) just inside `box` (x, y, w, h; even), in the
    emphasis colour."""
    x, y, w, h = box
    width = min(width, w // 2 // 2 * 2, h // 2 // 2 * 2)
    for plane, value, scale in zip(planes_out, EMPHASIS_YUV, (1, 2, 2), strict=True):
        left, top, right, bottom = x // scale, y // scale, (x + w) // scale, (y + h) // scale
        edge = width // scale
        plane[top : top + edge, left:right] = value
        plane[bottom - edge : bottom, left:right] = value
        plane[top:bottom, left : left + edge] = value
        plane[top:bottom, right - edge : right] = value
