"""The HLS encoder thread and the rolling live playlist, without a network: frames in, files
out that decode with PyAV."""

from __future__ import annotations

import fractions
import threading
import time

import av
import pytest

from streams.hls import PLAYLIST, QUEUE_DEPTH, HlsEncoder
from streams.hls_views import rolling_playlist

FPS = 15
ENCODER_TIMEOUT = 60.0


def video_frame(index: int, width: int = 320, height: int = 240) -> av.VideoFrame:
    frame = av.VideoFrame(width, height, "yuv420p")
    for plane in frame.planes:
        plane.update(bytes([(index * 7) % 200 + 16]) * plane.buffer_size)
    frame.pts, frame.time_base = index * (90000 // FPS), fractions.Fraction(1, 90000)
    return frame


def audio_frame(index: int) -> av.AudioFrame:
    """What aiortc decodes from Opus: 20 ms of s16 stereo at 48 kHz."""
    frame = av.AudioFrame(format="s16", layout="stereo", samples=960)
    for plane in frame.planes:
        plane.update(bytes([index % 7]) * plane.buffer_size)
    frame.sample_rate, frame.pts, frame.time_base = 48000, index * 960, fractions.Fraction(1, 48000)
    return frame


def catch_up(encoder: HlsEncoder) -> None:
    """Keep every frame (these tests are about content, not drops): wait for the encoder."""
    deadline = time.monotonic() + ENCODER_TIMEOUT
    while encoder.frames.qsize() > QUEUE_DEPTH // 2:
        assert time.monotonic() < deadline and encoder.is_alive(), "the encoder stopped taking frames"
        time.sleep(0.01)


def finish(encoder: HlsEncoder) -> None:
    """The end marker, and the encoder done without a failure."""
    encoder.put(None)
    encoder.join(ENCODER_TIMEOUT)
    assert not encoder.is_alive() and encoder.failed is None


def encode(tmp_path, with_audio: bool, seconds: int = 5, size_change: bool = False) -> HlsEncoder:
    ready = threading.Event()
    encoder = HlsEncoder(tmp_path, with_audio, ready.set)
    encoder.start()
    audio_index = 0
    for index in range(seconds * FPS):
        width, height = (640, 360) if size_change and index > FPS else (320, 240)
        encoder.put(("video", video_frame(index, width, height), index / FPS))
        while with_audio and audio_index * 0.02 < (index + 1) / FPS:
            encoder.put(("audio", audio_frame(audio_index), audio_index * 0.02))
            audio_index += 1
        catch_up(encoder)
    finish(encoder)
    assert ready.is_set(), "the playlist appeared: the run was announced"
    return encoder


def decoded(path) -> dict[str, int]:
    with av.open(str(path)) as container:
        counts = {"video": 0, "audio": 0}
        for frame in container.decode(*container.streams):
            counts["audio" if isinstance(frame, av.AudioFrame) else "video"] += 1
        return counts


@pytest.mark.parametrize("with_audio", [True, False], ids=["microphone", "silence"])
def test_frames_become_a_decodable_vod_playlist_of_2s_segments(tmp_path, with_audio):
    encoder = encode(tmp_path, with_audio)
    text = (tmp_path / PLAYLIST).read_text()
    assert text.rstrip().endswith("#EXT-X-ENDLIST") and "#EXT-X-PLAYLIST-TYPE:EVENT" in text
    # Media seconds per segment from #EXTINF, not wall-clock time.
    segment_lengths = [float(line[8:].rstrip(",")) for line in text.splitlines() if line.startswith("#EXTINF:")]
    assert len(segment_lengths) == 3 and all(d <= 2.1 for d in segment_lengths), segment_lengths
    counts = decoded(tmp_path / PLAYLIST)
    assert counts["video"] == 5 * FPS == encoder.video_frames
    # AAC frames of 1024 samples at 48 kHz: ~47 per second, whether heard or silent.
    assert 4 * 47 <= counts["audio"] <= 6 * 47, counts


def test_a_publisher_changing_resolution_is_scaled_to_the_first_size(tmp_path):
    encode(tmp_path, with_audio=False, seconds=3, size_change=True)
    with av.open(str(tmp_path / PLAYLIST)) as container:
        sizes = {(f.width, f.height) for f in container.decode(video=0)}
    assert sizes == {(320, 240)}


def test_rolling_playlist_keeps_the_last_segments_with_their_sequence_number():
    full = "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
    full += "#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-INDEPENDENT-SEGMENTS\n"
    full += "".join(f"#EXTINF:2.000000,\nseg{n:05d}.ts\n" for n in range(9))
    live = rolling_playlist(full, window=3)
    assert live.splitlines() == [
        "#EXTM3U",
        "#EXT-X-VERSION:6",
        "#EXT-X-TARGETDURATION:2",
        "#EXT-X-INDEPENDENT-SEGMENTS",
        "#EXT-X-MEDIA-SEQUENCE:6",
        "#EXTINF:2.000000,",
        "seg00006.ts",
        "#EXTINF:2.000000,",
        "seg00007.ts",
        "#EXTINF:2.000000,",
        "seg00008.ts",
    ]
    assert rolling_playlist(full + "#EXT-X-ENDLIST\n", window=3).rstrip().endswith("seg00008.ts\n#EXT-X-ENDLIST")
    short = rolling_playlist(full.split("#EXTINF")[0] + "#EXTINF:1.5,\nseg00000.ts\n")
    assert "#EXT-X-MEDIA-SEQUENCE:0" in short and short.rstrip().endswith("seg00000.ts")


def test_a_failing_encoder_reports_instead_of_dying_silently(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    failed = threading.Event()
    encoder = HlsEncoder(blocker / "run", False, lambda: None, failed.set)
    encoder.start()
    encoder.put(("video", video_frame(0), 0.0))
    encoder.join(ENCODER_TIMEOUT)
    assert failed.is_set() and isinstance(encoder.failed, OSError)


def test_a_backlog_drops_video_first_and_keeps_the_end_marker(tmp_path):

    encoder = HlsEncoder(tmp_path, True, lambda: None)  # not started: nothing is taken
    for index in range(QUEUE_DEPTH + 30):
        encoder.put(("video", video_frame(index), index / FPS))
    assert encoder.dropped == 30 and encoder.frames.qsize() == QUEUE_DEPTH
    encoder.put(("audio", audio_frame(0), 0.0))
    encoder.put(None)
    assert encoder.dropped == 30 and encoder.frames.qsize() == QUEUE_DEPTH + 2


def test_recordings_and_hls_urls_take_any_room_slug():
    from live.models import Room
    from streams.hls_views import NAME
    from streams.models import Recording

    longest = Room._meta.get_field("slug").max_length
    assert Recording._meta.get_field("room_slug").max_length == longest
    assert NAME.match("s" * longest) and not NAME.match("s" * (longest + 1))
