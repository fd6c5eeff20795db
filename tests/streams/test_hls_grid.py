"""A panel's picture in HLS (streams.hls_grid): the packaged speaker's camera with every other
speaker's beside it in a gallery, each fitted into its cell with its shape kept; a camera
that goes quiet keeps its cell, black; a speaker who leaves gives it up. The speakers are
told apart by brightness (the leader's picture luma 60, the second speaker's 200). The one
speaking gets an amber frame (streams.hls_speaking), which moves only after another voice
has been the loudest for a while."""

from __future__ import annotations

import fractions
import threading

import av
import numpy as np

from streams.hls import PLAYLIST, HlsEncoder
from streams.hls_grid import BLACK_Y, EMPHASIS_YUV, LEADER, STALE_SECONDS, PanelPicture, cells, fitted, planes
from streams.hls_speaking import QUIET_AFTER, SWITCH_AFTER, Speaking, loudness
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


def voice(loud: bool, index: int = 0) -> av.AudioFrame:
    """20 ms of s16 stereo at 48 kHz: a 300 Hz tone at a third of full scale, or silence."""
    t = (np.arange(960) + index * 960) / 48000
    mono = (np.sin(2 * np.pi * 300 * t) * (11000 if loud else 0)).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(np.repeat(mono, 2).reshape(1, -1), format="s16", layout="stereo")
    frame.sample_rate = 48000
    return frame


def speak(speaking: Speaking, loud: dict[str, bool], start: float, end: float) -> str | None:
    """Feed 20 ms frames of each speaker from `start` to `end`; the active speaker at the end."""
    at, index = start, 0
    active = None
    while at < end:
        for who, is_loud in loud.items():
            speaking.heard(who, voice(is_loud, index), at)
        active = speaking.at(at)
        at, index = at + 0.02, index + 1
    return active


def test_loudness_is_a_share_of_full_scale():
    assert loudness(voice(False)) == 0.0
    assert 0.2 < loudness(voice(True)) < 0.3  # a sine of amplitude 1/3: RMS 0.236
    floats = av.AudioFrame.from_ndarray(np.full((1, 1920), 0.5, np.float32), format="flt", layout="stereo")
    assert abs(loudness(floats) - 0.5) < 1e-6


def test_the_emphasis_follows_the_speaker_without_jumping():
    speaking = Speaking()
    assert speak(speaking, {LEADER: False, "sam": False}, 0.0, 1.0) is None  # nobody speaks
    assert speak(speaking, {LEADER: True, "sam": False}, 1.0, 2.0) == LEADER
    # Sam answers briefly ("yes"): shorter than SWITCH_AFTER, the emphasis stays.
    assert speak(speaking, {LEADER: False, "sam": True}, 2.0, 2.0 + SWITCH_AFTER / 2) == LEADER
    assert speak(speaking, {LEADER: True, "sam": False}, 2.25, 3.0) == LEADER
    # Sam speaks on: after SWITCH_AFTER the emphasis is his.
    assert speak(speaking, {LEADER: False, "sam": True}, 3.0, 3.0 + SWITCH_AFTER + 0.3) == "sam"
    # A pause shorter than QUIET_AFTER keeps it; a longer silence takes it away.
    assert speak(speaking, {LEADER: False, "sam": False}, 4.0, 4.0 + QUIET_AFTER / 2) == "sam"
    assert speak(speaking, {LEADER: False, "sam": False}, 4.75, 4.75 + QUIET_AFTER + 0.2) is None
    speak(speaking, {LEADER: False, "sam": True}, 7.0, 7.5)
    speaking.gone("sam")  # he stops publishing: no emphasis on a cell that is gone
    assert speaking.at(7.5) is None


def test_the_speaker_s_picture_is_framed():
    gallery = PanelPicture()
    leader = flat(LEADER_Y)
    gallery.add("sam", flat(SECOND_Y), 1.0)
    plain = gallery.compose(leader, 1.0, 320, 240)
    framed = gallery.compose(leader, 1.0, 320, 240, speaking="sam")
    # Sam's 4:3 picture fills 160×120 at (160, 60): its edge is amber, its inside unchanged.
    assert luma_at(framed, 240, 61) == EMPHASIS_YUV[0] and luma_at(plain, 240, 61) == SECOND_Y
    assert luma_at(framed, 161, 120) == EMPHASIS_YUV[0]
    assert luma_at(framed, 240, 120) == SECOND_Y
    assert luma_at(framed, 80, 61) == LEADER_Y  # the leader, not speaking, is not framed
    u_plane = planes(framed)[1]
    assert u_plane[61 // 2, 240 // 2] == EMPHASIS_YUV[1]
    assert luma_at(gallery.compose(leader, 1.0, 320, 240, speaking=LEADER), 80, 61) == EMPHASIS_YUV[0]


def test_the_run_frames_whoever_speaks(tmp_path):
    """Through the encoder: the leader's microphone silent, Sam's camera from the start and
    his voice from 1 s: his picture is framed once he has spoken for SWITCH_AFTER."""
    run = tmp_path / "run"
    encoder = HlsEncoder(run, True, threading.Event().set)
    encoder.start()
    audio = 0
    for index in range(3 * FPS):
        at = index / FPS
        encoder.put(("video", flat(LEADER_Y, index=index), at))
        encoder.put(("panel_video", flat(SECOND_Y), at, "sam"))
        while audio * 0.02 < (index + 1) / FPS:
            encoder.put(("audio", voice(False, audio), audio * 0.02))
            encoder.put(("panel_audio", voice(audio * 0.02 >= 1.0, audio), audio * 0.02, "sam"))
            audio += 1
        catch_up(encoder)
    finish(encoder)
    with av.open(str(run / PLAYLIST)) as container:
        frames = [(float(f.time), luma_at(f, 240, 61), luma_at(f, 80, 61)) for f in container.decode(video=0)]
    start = frames[0][0]
    before = [edge for t, edge, _ in frames if 0.1 < t - start < 0.9]  # (the first: Laura alone)
    after = [(edge, leader) for t, edge, leader in frames if t - start > 1.0 + SWITCH_AFTER + 0.3]
    assert before and all(abs(edge - SECOND_Y) <= TOLERANCE for edge in before), before
    assert after and all(abs(edge - EMPHASIS_YUV[0]) <= TOLERANCE for edge, _ in after), after
    assert all(abs(leader - LEADER_Y) <= TOLERANCE for _, leader in after), after  # not framed
