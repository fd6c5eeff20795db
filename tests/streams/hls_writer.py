"""A packaging writer in a process of its own (run as a script by the leftovers tests): it
encodes synthetic frames with streams.hls.HlsEncoder into the directory given, prints
`segments` once the playlist lists two segments, and goes on until it is killed."""

from __future__ import annotations

import fractions
import os
import sys
import time
from pathlib import Path

import av
import django


def main(directory: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from streams.hls import PLAYLIST, HlsEncoder

    encoder = HlsEncoder(directory, False, lambda: None)
    encoder.start()
    announced = False
    index = 0
    while True:
        frame = av.VideoFrame(160, 120, "yuv420p")
        for plane in frame.planes:
            plane.update(bytes([(index * 7) % 200 + 16]) * plane.buffer_size)
        frame.pts, frame.time_base = index * 6000, fractions.Fraction(1, 90000)  # 15 fps media time
        encoder.put(("video", frame, index / 15))
        index += 1
        playlist = directory / PLAYLIST
        if not announced and playlist.exists() and playlist.read_text().count("#EXTINF") >= 2:
            print("segments", flush=True)
            announced = True
        time.sleep(0.01)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
