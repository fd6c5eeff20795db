"""A panel's sound in HLS (streams.hls_mix): the packaged speaker's microphone with every other
speaker's mixed in, in the original and in a language nobody interprets into; without the
packaged speaker's microphone the picture is the clock of the others' voices. The speakers
are told apart by pitch (440 Hz the packaged one, 660 Hz the second)."""

from __future__ import annotations

import av
import numpy as np

from streams.hls import PLAYLIST, HlsEncoder
from streams.hls_mix import MAX_LAG, PanelMix
from tests.streams.test_hls_languages import ENGLISH_HZ, RATE, SECONDS, encode_interpreted, tone
from tests.streams.test_hls_languages import ORIGINAL_HZ as FIRST_HZ

SECOND_HZ = 660
SECOND_SPEAKS = (1.0, 4.0)  # the second speaker publishes from 1 s to 4 s of the run


def encode_panel(directory, *, with_audio: bool, languages: list[str]) -> HlsEncoder:
    voice = ("panel_audio", "panel_left", SECOND_HZ, SECOND_SPEAKS, "sam")
    return encode_interpreted(directory, with_audio=with_audio, languages=languages, voice=voice)


def decoded(playlist) -> np.ndarray:
    with av.open(str(playlist)) as container:
        return np.concatenate([f.to_ndarray()[0] for f in container.decode(audio=0)])


def heard_tones(samples: np.ndarray, start: float, end: float) -> set[int]:
    """Which of the test's pitches sound between `start` and `end` seconds: those whose
    spectral peak is at least a fifth of the loudest one's (none: silence)."""
    chunk = samples[int(start * RATE) : int(end * RATE)]
    assert len(chunk) > RATE // 10, f"nothing decoded between {start} and {end} s"
    if np.abs(chunk).max() < 0.01:
        return set()
    spectrum = np.abs(np.fft.rfft(chunk * np.hanning(len(chunk))))
    bins = np.fft.rfftfreq(len(chunk), 1 / RATE)
    power = {hz: spectrum[np.abs(bins - hz) <= 15].max() for hz in (FIRST_HZ, SECOND_HZ, ENGLISH_HZ)}
    loudest = max(power.values())
    return {hz for hz, value in power.items() if value >= loudest / 5}


def test_the_original_is_the_whole_panel_while_they_speak(tmp_path):
    run = tmp_path / "run"
    encode_panel(run, with_audio=True, languages=["en"])
    for rendition in ("audio", "audio-en"):  # nobody interprets: English is the original
        sound = decoded(run / rendition / PLAYLIST)
        assert heard_tones(sound, 0.2, SECOND_SPEAKS[0] - 0.1) == {FIRST_HZ}, rendition
        assert heard_tones(sound, SECOND_SPEAKS[0] + 0.4, SECOND_SPEAKS[1] - 0.1) == {FIRST_HZ, SECOND_HZ}, rendition
        assert heard_tones(sound, SECOND_SPEAKS[1] + 0.4, SECONDS - 0.3) == {FIRST_HZ}, rendition
        # The mix never runs off the picture: the sound lasts as long as the video.
        assert SECONDS - 0.5 <= len(sound) / RATE <= SECONDS + 0.2, (rendition, len(sound) / RATE)


def test_without_the_packaged_microphone_the_picture_clocks_the_others(tmp_path):
    run = tmp_path / "run"
    encode_panel(run, with_audio=False, languages=[])
    sound = decoded(run / PLAYLIST)
    assert heard_tones(sound, 0.2, SECOND_SPEAKS[0] - 0.1) == set()
    assert heard_tones(sound, SECOND_SPEAKS[0] + 0.4, SECOND_SPEAKS[1] - 0.1) == {SECOND_HZ}
    assert heard_tones(sound, SECOND_SPEAKS[1] + 0.4, SECONDS - 0.3) == set()
    assert SECONDS - 0.5 <= len(sound) / RATE <= SECONDS + 0.2, len(sound) / RATE


def test_a_voice_ahead_of_the_leader_keeps_at_most_its_lag():
    """A voice whose frames come faster than the leader's (a fast clock, a burst) is not
    let to build up a delay: past MAX_LAG its oldest samples go."""
    mix = PanelMix()
    for index in range(100):  # 2 s of the second speaker, nothing of the leader
        mix.add("sam", tone(SECOND_HZ, index))
    assert mix.voices["sam"].buffered == MAX_LAG
    first = mix.under(tone(FIRST_HZ, 0))
    second = mix.under(tone(FIRST_HZ, 1))
    taken = sum(f.samples for f in (first, second) if f is not None)
    assert mix.voices["sam"].buffered == MAX_LAG - taken
    mix.remove("sam")
    assert not mix
    mixed = mix.under(tone(FIRST_HZ, 2))
    assert mixed is not None and mixed.format.name == "flt" and mixed.layout.name == "stereo"


def test_a_voice_that_changes_its_format_goes_on():
    """A microphone switched mid-talk (another rate, mono): the voice gets a new resampler
    instead of stopping the run's encoder."""
    mix = PanelMix()
    mix.add("sam", tone(SECOND_HZ, 0))
    mono = av.AudioFrame.from_ndarray(np.zeros((1, 441), dtype=np.int16), format="s16", layout="mono")
    mono.sample_rate = 44100
    mix.add("sam", mono)
    mix.add("sam", tone(SECOND_HZ, 1))
    assert mix.voices["sam"].buffered > 0
    assert mix.alone(960).samples == 960
