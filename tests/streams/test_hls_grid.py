"""A panel's picture in HLS (streams.hls_grid): the packaged speaker's camera with every other
speaker's beside it in a gallery, each fitted into its cell with its shape kept; a camera
that goes quiet keeps its cell, black; a speaker who leaves gives it up. The speakers are
told apart by brightness (the leader's picture luma 60, the second speaker's 200)."""

from __future__ import annotations

import fractions
import threading

import av
import numpy as np

from streams.hls import PLAYLIST, HlsEncoder
from streams.hls_grid import BLACK_Y, STALE_SECONDS, PanelPicture, cells, fitted, planes
from tests.streams.test_hls_encoder import FPS, catch_up, finish

LEADER_Y, SECOND_Y = 60, 200
TOLERANCE = 14  # x264 at a low bit rate moves flat colours by a few steps


def flat(luma: int, width: int = 320, height: int = 240, index: int = 0) -> av.VideoFrame:
    frame = av.VideoFrame.from_ndarray(
        np.vstack([np.full((height, width), luma, np.uint8), np.full((height // 2, width), 128, np.uint8)]),
        format="yuv420p",
    )
    frame.pts, frame.time_base = index * (90000 // FPS), fractions.Fraction(1, 90000)
    return frame


def luma_at(frame: av.VideoFrame, x: int, y: int) -> int:
    return int(planes(frame.reformat(format="yuv420p"))[0][y, x])


def test_the_cells_are_a_gallery():
    assert cells(1, 1280, 720) == [(0, 0, 1280, 720)]
    assert cells(2, 1280, 720) == [(0, 0, 640, 720), (640, 0, 640, 720)]
    three = cells(3, 1280, 720)
    assert three[:2] == [(0, 0, 640, 360), (640, 0, 640, 360)]
    assert three[2] == (320, 360, 640, 360)  # the last row centred
    for count in range(1, 10):
        laid = cells(count, 1280, 720)
        assert len(laid) == count
        for index, (x, y, w, h) in enumerate(laid):
            assert all(value % 2 == 0 for value in (x, y, w, h)), laid
            assert x >= 0 and y >= 0 and x + w <= 1280 and y + h <= 720, laid
            for other in laid[index + 1 :]:  # no two cells overlap
                ox, oy, ow, oh = other
                assert x + w <= ox or ox + ow <= x or y + h <= oy or oy + oh <= y, (count, laid)


def test_a_picture_keeps_its_shape_in_its_cell():
    assert fitted(1280, 720, (640, 0, 640, 720)) == (640, 180, 640, 360)  # bars above and below
    assert fitted(480, 640, (0, 0, 640, 360)) == (184, 0, 270, 360)  # a phone held upright
    x, y, w, h = fitted(333, 201, (0, 0, 641, 359))
    assert all(v % 2 == 0 for v in (x, y, w, h)) and x + w <= 641 and y + h <= 359


def test_the_gallery_shows_each_speaker_in_their_cell():
    gallery = PanelPicture()
    leader = flat(LEADER_Y, index=7)
    assert gallery.compose(leader, 1.0, 320, 240) is leader  # alone: passed through
    second = flat(SECOND_Y, 640, 480)
    gallery.add("sam", second, 1.0)
    composed = gallery.compose(leader, 1.1, 320, 240)
    assert (composed.width, composed.height, composed.pts) == (320, 240, leader.pts)
    assert luma_at(composed, 80, 120) == LEADER_Y  # the left cell
    assert luma_at(composed, 240, 120) == SECOND_Y  # the right cell
    assert luma_at(composed, 80, 20) == BLACK_Y  # 4:3 pictures in 160×240 cells: bars above
    assert luma_at(leader, 80, 20) == LEADER_Y and luma_at(second, 10, 10) == SECOND_Y  # inputs unchanged

    quiet = gallery.compose(leader, 1.0 + STALE_SECONDS + 0.5, 320, 240)
    assert luma_at(quiet, 240, 120) == BLACK_Y  # a camera gone quiet: its cell stays, black
    assert luma_at(quiet, 80, 120) == LEADER_Y  # and the leader keeps theirs
    gallery.remove("sam")
    assert not gallery and gallery.compose(leader, 5.0, 320, 240) is leader


SECOND_SHOWS = (1.0, 2.0)  # the second speaker's camera sends from 1 s to 2 s, then stops
SECOND_LEAVES = SECOND_SHOWS[1] + STALE_SECONDS + 1.0  # then they stop publishing
SECONDS = int(SECOND_LEAVES) + 1


def test_the_run_carries_the_gallery_while_the_panel_shows(tmp_path):
    run = tmp_path / "run"
    ready = threading.Event()
    encoder = HlsEncoder(run, False, ready.set)
    encoder.start()
    left = False
    for index in range(SECONDS * FPS):
        at = index / FPS
        encoder.put(("video", flat(LEADER_Y, index=index), at))
        if SECOND_SHOWS[0] <= at < SECOND_SHOWS[1]:
            encoder.put(("panel_video", flat(SECOND_Y, 640, 360), at, "sam"))  # 16:9
        if at >= SECOND_LEAVES and not left:
            encoder.put(("panel_left", None, at, "sam"))
            left = True
        catch_up(encoder)
    finish(encoder)
    assert ready.is_set() and encoder.dropped == 0

    with av.open(str(run / PLAYLIST)) as container:
        frames = [(float(f.time), luma_at(f, 240, 120), luma_at(f, 80, 20)) for f in container.decode(video=0)]
    start = frames[0][0]

    def during(begin: float, end: float) -> list[tuple[int, int]]:
        seen = [(right, top) for t, right, top in frames if begin + 0.3 <= t - start < end - 0.1]
        assert len(seen) >= FPS // 2, (begin, end, len(seen))
        return seen

    def near(value: int, expected: int) -> bool:
        return abs(value - expected) <= TOLERANCE

    # Alone: the leader's picture fills the frame.
    assert all(near(right, LEADER_Y) and near(top, LEADER_Y) for right, top in during(0.0, SECOND_SHOWS[0]))
    # Both: the second speaker on the right, the leader's 4:3 picture with bars on the left.
    assert all(near(right, SECOND_Y) and near(top, BLACK_Y) for right, top in during(*SECOND_SHOWS))
    # Camera quiet for more than STALE_SECONDS: its cell black, the layout kept.
    quiet = during(SECOND_SHOWS[1] + STALE_SECONDS, SECOND_LEAVES)
    assert all(near(right, BLACK_Y) and near(top, BLACK_Y) for right, top in quiet)
    # Left: the leader alone again.
    assert all(near(right, LEADER_Y) and near(top, LEADER_Y) for right, top in during(SECOND_LEAVES, SECONDS))
