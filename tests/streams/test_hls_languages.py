"""Alternate audio in HLS (issue 16, streams.hls_audio): a run with interpretation languages
is a master playlist whose audio group has the original and one rendition per language.
A language's rendition carries its interpreter's voice while they speak and the original
while nobody interprets into it; the test tells them apart by the pitch of what decodes
(the original is a 440 Hz tone, the English interpreter 1000 Hz)."""

from __future__ import annotations

import fractions
import re
import threading

import av
import numpy as np
import pytest

from streams.hls import PLAYLIST, HlsEncoder
from streams.hls_storage import media_playlists, variant_folders
from tests.streams.test_hls_encoder import FPS, catch_up, finish, video_frame

RATE = 48000
SAMPLES = 960  # 20 ms, as aiortc decodes Opus
ORIGINAL_HZ, ENGLISH_HZ = 440, 1000
SECONDS = 6
INTERPRETED = (2.0, 4.0)  # the English interpreter speaks from 2 s to 4 s of the run


def tone(hz: int, index: int) -> av.AudioFrame:
    """20 ms of a sine tone, s16 stereo at 48 kHz (phase continuous across frames)."""
    t = (np.arange(SAMPLES) + index * SAMPLES) / RATE
    mono = (np.sin(2 * np.pi * hz * t) * 12000).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(np.repeat(mono, 2).reshape(1, -1), format="s16", layout="stereo")
    frame.sample_rate, frame.pts, frame.time_base = RATE, index * SAMPLES, fractions.Fraction(1, RATE)
    return frame


# The second voice of a run: (item kind, its leaving kind, pitch, (from, to) seconds, lane).
INTERPRETER = ("audio", "interpreter_left", ENGLISH_HZ, INTERPRETED, "en")


def encode_interpreted(
    directory, *, with_audio: bool, languages: list[str], heights=None, voice: tuple = INTERPRETER
) -> HlsEncoder:
    """A run of SECONDS: video, the original tone (`with_audio`) and `voice` for a while."""
    kind, left, hz, (start, end), lane = voice
    ready = threading.Event()
    encoder = HlsEncoder(directory, with_audio, ready.set, heights=heights, languages=languages)
    encoder.start()
    audio_index = 0
    speaking = False
    for index in range(SECONDS * FPS):
        encoder.put(("video", video_frame(index, 320, 240), index / FPS))
        while audio_index * 0.02 < (index + 1) / FPS:
            at = audio_index * 0.02
            if with_audio:
                encoder.put(("audio", tone(ORIGINAL_HZ, audio_index), at))
            if start <= at < end:
                encoder.put((kind, tone(hz, audio_index), at, lane))
                speaking = True
            elif speaking:
                encoder.put((left, None, at, lane))
                speaking = False
            audio_index += 1
        catch_up(encoder)
    finish(encoder)
    assert ready.is_set() and encoder.dropped == 0
    return encoder


def heard(playlist) -> list[tuple[float, float, float]]:
    """(start second, dominant Hz, loudness) per 200 ms window of a rendition's sound,
    counted from its first sample (every lane starts with the run)."""
    with av.open(str(playlist)) as container:
        frames = list(container.decode(audio=0))
    samples = np.concatenate([f.to_ndarray()[0] for f in frames])
    window = RATE // 5
    out = []
    for start in range(0, len(samples) - window, window):
        chunk = samples[start : start + window]
        spectrum = np.abs(np.fft.rfft(chunk * np.hanning(window)))
        hz = float(np.fft.rfftfreq(window, 1 / RATE)[spectrum.argmax()])
        out.append((start / RATE, hz, float(np.abs(chunk).max())))
    return out


def pitches(playlist, start: float, end: float) -> set[int]:
    """The pitches heard between `start` and `end` seconds (silence as 0), rounded to 10 Hz."""
    found = set()
    for at, hz, loudness in heard(playlist):
        if start <= at and at + 0.2 <= end:
            found.add(0 if loudness < 0.01 else round(hz, -1))
    assert found, f"nothing decoded between {start} and {end} s"
    return found


def master_entries(master: str) -> dict[str, dict[str, str]]:
    entries = {}
    for line in master.splitlines():
        if line.startswith("#EXT-X-MEDIA:TYPE=AUDIO"):
            fields = dict(re.findall(r'([A-Z-]+)="?([^",]*)"?', line.split(":", 1)[1]))
            entries[fields["URI"].split("/")[0]] = fields
    return entries


@pytest.mark.parametrize("heights", [None, [240, 120]], ids=["one-rendition", "ladder"])
def test_each_language_is_an_audio_rendition_that_falls_back_to_the_original(tmp_path, heights):
    run = tmp_path / "run"
    encode_interpreted(run, with_audio=True, languages=["en", "zh"], heights=heights)
    master = (run / PLAYLIST).read_text()
    entries = master_entries(master)
    assert {name: (e["LANGUAGE"], e["DEFAULT"]) for name, e in entries.items()} == {
        "audio": ("und", "YES"),
        "audio-en": ("en", "NO"),
        "audio-zh": ("zh", "NO"),
    }
    (group,) = {e["GROUP-ID"] for e in entries.values()}
    variants = [line for line in master.splitlines() if line.startswith("#EXT-X-STREAM-INF")]
    assert len(variants) == (1 if heights is None else 2)
    assert all(f'AUDIO="{group}"' in line for line in variants)
    # Every rendition is a finished media playlist (the recording keeps every language).
    assert {p.parent.name for p in media_playlists(run)} == set(variant_folders(master))
    for playlist in media_playlists(run):
        assert playlist.read_text().rstrip().endswith("#EXT-X-ENDLIST")

    english = run / "audio-en" / PLAYLIST
    assert pitches(english, 0.2, INTERPRETED[0] - 0.1) == {ORIGINAL_HZ}
    assert pitches(english, INTERPRETED[0] + 0.2, INTERPRETED[1] - 0.1) == {ENGLISH_HZ}
    assert pitches(english, INTERPRETED[1] + 0.3, SECONDS - 0.3) == {ORIGINAL_HZ}
    # Nobody interprets into Chinese: it is the original throughout, as is the original.
    assert pitches(run / "audio-zh" / PLAYLIST, 0.2, SECONDS - 0.3) == {ORIGINAL_HZ}
    assert pitches(run / "audio" / PLAYLIST, 0.2, SECONDS - 0.3) == {ORIGINAL_HZ}


def test_without_a_microphone_the_language_carries_the_interpreter_and_silence(tmp_path):
    run = tmp_path / "run"
    encode_interpreted(run, with_audio=False, languages=["en"])
    english = run / "audio-en" / PLAYLIST
    assert pitches(english, 0.2, INTERPRETED[0] - 0.1) == {0}
    assert pitches(english, INTERPRETED[0] + 0.2, INTERPRETED[1] - 0.1) == {ENGLISH_HZ}
    assert pitches(english, INTERPRETED[1] + 0.3, SECONDS - 0.3) == {0}
    assert pitches(run / "audio" / PLAYLIST, 0.2, SECONDS - 0.3) == {0}
    # The sound lasts as long as the picture in each lane (no lane runs short or long).
    with av.open(str(run / "audio-en" / PLAYLIST)) as container:
        seconds = sum(f.samples for f in container.decode(audio=0)) / RATE
    assert SECONDS - 0.5 <= seconds <= SECONDS + 0.2, seconds


def test_a_run_without_languages_keeps_its_layout(tmp_path):
    run = tmp_path / "run"
    encode_interpreted(run, with_audio=True, languages=[])
    text = (run / PLAYLIST).read_text()
    assert "#EXT-X-STREAM-INF" not in text and "#EXTINF" in text  # one muxed playlist, as before
