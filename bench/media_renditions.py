"""CPU cost of the HLS quality ladder (issue 16): what each rendition adds to a stage's packaging.

    python -m bench.media_renditions [--seconds 10] [--fps 30]

Feeds the same synthetic camera (moving bars over noise, so that x264 has real work) to
streams.hls_encoder.HlsEncoder — the encoder thread a live stage runs — once per ladder,
and measures the process's CPU time (all threads: x264's, the muxer's, the scaling) per
second of media. The baseline, measured in the same run, is one quality: the 720p
rendition a stage gets without STREAMS_HLS_RENDITIONS. A figure of 0.5 means that
packaging a stage at that ladder keeps half a core busy in real time. Bounded: each ladder
encodes `--seconds` of media once (no wall-clock loop). Everything is local (no sockets).

Interpretation languages (streams.hls_audio): two more runs, both with a speaker's sound
(20 ms tone frames), one without and one with two interpreters speaking into their own
AAC renditions; the difference is what each language adds.

A panel's sound (streams.hls_mix): one more run with three other speakers' voices mixed
under the packaged one's; the difference from the speaker's sound alone, per voice, is
what each panelist adds to packaging. And a panel's picture (streams.hls_grid): a run with
three other speakers' cameras composed with the packaged one's into a gallery, against one
quality (the packaged camera alone): what composing each picture adds.
"""

from __future__ import annotations

import argparse
import fractions
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

LADDERS: list[tuple[str, tuple[int, int], list[int]]] = [
    ("one quality (720p)", (1280, 720), []),
    ("720p + 360p", (1280, 720), [720, 360]),
    ("720p + 480p + 360p", (1280, 720), [720, 480, 360]),
    ("1080p source, one quality (720p)", (1920, 1080), []),
    ("1080p + 720p + 360p", (1920, 1080), [1080, 720, 360]),
]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def camera(width: int, height: int, count: int) -> list:
    """`count` distinct yuv420p frames: noise that changes, and bars that move."""
    import av

    rng = np.random.default_rng(16)
    frames = []
    for index in range(count):
        luma = rng.integers(60, 72, size=(height, width), dtype=np.uint8)
        offset = (index * 13) % width
        for bar in range(8):
            start = (offset + bar * width // 8) % width
            luma[:, start : start + width // 32] = 30 + bar * 28
        chroma = np.full((height // 2, width), 128, dtype=np.uint8)
        chroma[:, (offset // 2) % (width // 2) :: 7] = 90
        frames.append(av.VideoFrame.from_ndarray(np.vstack([luma, chroma]), format="yuv420p"))
    return frames


LANGUAGE_RUNS: list[tuple[str, list[str]]] = [
    ("720p, the speaker's sound", []),
    ("720p, sound + 2 languages", ["en", "zh"]),
]


def tone(hz: int, index: int):
    """20 ms of a sine tone as aiortc decodes Opus (s16 stereo, 48 kHz)."""
    import av

    t = (np.arange(960) + index * 960) / 48000
    mono = (np.sin(2 * np.pi * hz * t) * 12000).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(np.repeat(mono, 2).reshape(1, -1), format="s16", layout="stereo")
    frame.sample_rate = 48000
    return frame


PANEL_VOICES = 3  # besides the packaged speaker: a panel of four


def measure(
    size: tuple[int, int],
    heights: list[int],
    seconds: float,
    fps: int,
    frames: list,
    languages: list[str] | None = None,
    panel: int = 0,
    pictures: int = 0,
) -> dict:
    from streams.hls_encoder import QUEUE_DEPTH, HlsEncoder

    directory = Path(tempfile.mkdtemp(prefix="bench-ladder-"))
    sound = languages is not None
    lanes = [None, *(languages or [])]
    voices = {code: [tone(440 + 300 * n, i) for i in range(50)] for n, code in enumerate(lanes)}
    others = {f"speaker-{n}": [tone(550 + 110 * n, i) for i in range(50)] for n in range(panel)}
    try:
        encoder = HlsEncoder(directory / "run", sound, lambda: None, heights=heights, languages=languages)
        total = int(seconds * fps)
        audio = 0
        cpu0, wall0 = cpu_seconds(), time.monotonic()
        encoder.start()
        for index in range(total):
            frame = frames[index % len(frames)]
            frame.pts, frame.time_base = index * (90000 // fps), fractions.Fraction(1, 90000)
            encoder.put(("video", frame, index / fps))
            for n in range(pictures):  # the other cameras, each at its own place in the loop
                encoder.put(("panel_video", frames[(index + 5 * (n + 1)) % len(frames)], index / fps, f"cam-{n}"))
            while sound and audio * 0.02 < (index + 1) / fps:
                for code, frames_of in voices.items():
                    item = ("audio", frames_of[audio % 50], audio * 0.02)
                    encoder.put(item if code is None else (*item, code))
                for speaker, frames_of in others.items():
                    encoder.put(("panel_audio", frames_of[audio % 50], audio * 0.02, speaker))
                audio += 1
            while encoder.frames.qsize() > QUEUE_DEPTH // 2 and encoder.is_alive():
                time.sleep(0.002)  # every frame is encoded: the cost, not the drops
        encoder.put(None)
        encoder.join()
        cpu, wall = cpu_seconds() - cpu0, time.monotonic() - wall0
        assert encoder.failed is None, encoder.failed
        renditions = [f"{r.width}x{r.height}" for r in encoder.ladder if not languages] or ["one"]
        stored = sum(path.stat().st_size for path in (directory / "run").rglob("*.ts"))
        return {
            "renditions": renditions,
            "cores": cpu / encoder.media_seconds if encoder.media_seconds else float("nan"),
            "realtime": encoder.media_seconds / wall if wall else float("nan"),
            "mbit": stored * 8 / 1e6 / max(encoder.media_seconds, 1e-9),
            "dropped": encoder.dropped,
        }
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="media seconds per ladder (default 10)")
    parser.add_argument("--fps", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    cameras: dict[tuple[int, int], list] = {}
    results = []
    print(f"HLS ladder cost: {args.seconds:g} s of {args.fps} fps media per ladder, {os.cpu_count()} cores")
    for label, size, heights in LADDERS:
        if size not in cameras:
            cameras[size] = camera(*size, count=24)
        result = measure(size, heights, args.seconds, args.fps, cameras[size])
        results.append((label, result))
        print(
            f"  {label:34s} {len(heights) or 1} rendition(s) {'/'.join(result['renditions']):28s} "
            f"{result['cores']:.3f} core  ({result['realtime']:.1f}× real time, {result['mbit']:.2f} Mbit/s)"
        )
    baseline = results[0][1]["cores"]
    print(f"ratios against one quality (720p), measured in this run ({baseline:.3f} core):")
    for label, result in results:
        count = len(result["renditions"]) if result["renditions"] != ["one"] else 1
        extra = (result["cores"] - baseline) / (count - 1) if count > 1 else 0.0
        note = f", +{extra:.3f} core per extra rendition" if count > 1 else ""
        print(f"  {label:34s} {result['cores'] / baseline:.2f}×{note}")
    spoken = []
    for label, languages in LANGUAGE_RUNS:
        result = measure((1280, 720), [], args.seconds, args.fps, cameras[(1280, 720)], languages)
        spoken.append((label, languages, result))
        print(f"  {label:34s} {result['cores']:.3f} core  ({result['realtime']:.1f}× real time)")
    panel = measure((1280, 720), [], args.seconds, args.fps, cameras[(1280, 720)], [], panel=PANEL_VOICES)
    label = f"720p, a panel: sound + {PANEL_VOICES} voices"
    print(f"  {label:34s} {panel['cores']:.3f} core  ({panel['realtime']:.1f}× real time)")
    sound_only = spoken[0][2]["cores"]
    print(
        f"  {label:34s} {panel['cores'] / sound_only:.2f}× the speaker's sound alone, "
        f"+{(panel['cores'] - sound_only) / PANEL_VOICES:.3f} core per voice"
    )
    gallery = measure((1280, 720), [], args.seconds, args.fps, cameras[(1280, 720)], pictures=PANEL_VOICES)
    label = f"720p, a panel: {PANEL_VOICES + 1} cameras"
    print(f"  {label:34s} {gallery['cores']:.3f} core  ({gallery['realtime']:.1f}× real time)")
    print(
        f"  {label:34s} {gallery['cores'] / baseline:.2f}× one quality (one camera), "
        f"+{(gallery['cores'] - baseline) / PANEL_VOICES:.3f} core per picture"
    )
    for label, languages, result in spoken[1:]:
        extra = (result["cores"] - sound_only) / len(languages)
        print(
            f"  {label:34s} {result['cores'] / sound_only:.2f}× the speaker's sound alone, "
            f"+{extra:.3f} core per language"
        )


if __name__ == "__main__":
    main()
