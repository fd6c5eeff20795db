"""The quality ladder of a packaging run (issue 16): several H.264 renditions of one stage in
one FFmpeg HLS muxer, and a master playlist that lists them (hls.js switches on bandwidth).

With STREAMS["HLS_RENDITIONS"] = [720, 360] a run's directory holds:

    index.m3u8            the master playlist (what recordings and viewers open)
    720p/index.m3u8 …     one EVENT media playlist per rendition, video only
    audio/index.m3u8 …    the audio rendition, in the EXT-X-MEDIA group "aud"

The sound is a rendition of its own in an audio group (`EXT-X-MEDIA:TYPE=AUDIO`), shared by
every video rendition: alternate audio (an interpreter's language) is one more entry of
`AudioTrack` in `variant_map` and one more AAC stream, not a new layout. `live.m3u8` beside
each media playlist is its rolling window; the root `live.m3u8` is the master pointing at
those (streams.hls_storage.live_master).
"""

from __future__ import annotations

from dataclasses import dataclass

# Target video bit rates by rendition height (x264 ABR); the master's BANDWIDTH is what
# FFmpeg measures of the segments.
BITRATES = {1080: 4_500_000, 720: 2_500_000, 540: 1_500_000, 480: 1_200_000, 360: 700_000, 240: 400_000}
AUDIO_GROUP = "aud"


@dataclass(frozen=True)
class Rendition:
    name: str  # its folder: "720p"
    width: int
    height: int
    bit_rate: int


@dataclass(frozen=True)
class AudioTrack:
    name: str  # its folder: "audio", later "audio-en" …
    language: str = "und"
    default: bool = True


def bit_rate_for(height: int) -> int:
    """The target bit rate of a rendition `height` pixels tall (the nearest rung below)."""
    rungs = [rung for rung in sorted(BITRATES) if rung <= height]
    return BITRATES[rungs[-1]] if rungs else BITRATES[min(BITRATES)]


def even(value: float) -> int:
    return max(2, int(value) // 2 * 2)


def renditions_for(width: int, height: int, heights: list[int]) -> list[Rendition]:
    """The ladder for a source of width×height: each height at most the source's (no
    upscaling; rungs that would repeat a size are dropped), tallest first."""
    out: list[Rendition] = []
    for target in sorted(set(heights), reverse=True):
        h = even(min(target, height))
        w = even(width * h / height)
        if any(r.height == h for r in out):
            continue
        out.append(Rendition(f"{target}p", w, h, bit_rate_for(h)))
    return out


def variant_map(renditions: list[Rendition], audio: list[AudioTrack]) -> str:
    """FFmpeg's `var_stream_map`: video streams first (in `renditions` order), then audio."""
    entries = [f"v:{index},agroup:{AUDIO_GROUP},name:{r.name}" for index, r in enumerate(renditions)]
    for index, track in enumerate(audio):
        entry = f"a:{index},agroup:{AUDIO_GROUP},name:{track.name},language:{track.language}"
        entries.append(entry + (",default:yes" if track.default else ""))
    return " ".join(entries)


def is_master(text: str) -> bool:
    return "#EXT-X-STREAM-INF" in text
