"""Serving HLS over plain HTTP (any CDN can carry it): the rolling live playlist, the full
(recording) playlist and the segments of a packaging run (streams.hls).

Public, like a CDN URL: a run's id is a random 128-bit name, known only to those the stage
state was shown to. Segments never change once written (immutable); playlists change while
the run is live and are cached for a second at most.
"""

from __future__ import annotations

import re

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from streams.hls import LIVE_PLAYLIST, PLAYLIST, hls_root

# How many segments the live playlist lists (~12 s): players start near the live edge.
LIVE_WINDOW = 6
PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
SEGMENT_NAME = re.compile(r"^seg\d{5,9}\.ts$")
NAME = re.compile(r"^[A-Za-z0-9_-]{1,120}$")  # a room slug (live.Room.slug: 120)
RUN_ID = re.compile(r"^[0-9a-f]{32}$")
LIVE_CACHE = "public, max-age=1"
FINISHED_CACHE = "public, max-age=86400"
SEGMENT_CACHE = "public, max-age=31536000, immutable"


def rolling_playlist(full: str, window: int = LIVE_WINDOW) -> str:
    """The last `window` segments of an EVENT playlist, with the media sequence number of
    the first one (a standard live playlist; EXT-X-ENDLIST is kept once the run stopped)."""
    header: list[str] = []
    segments: list[list[str]] = []
    pending: list[str] = []
    ended = False
    for line in full.splitlines():
        if not line:
            continue
        if line == "#EXT-X-ENDLIST":
            ended = True
        elif line.startswith("#EXT-X-PLAYLIST-TYPE") or line.startswith("#EXT-X-MEDIA-SEQUENCE"):
            continue
        elif line.startswith("#EXTINF") or (line.startswith("#") and (segments or pending)):
            pending.append(line)
        elif line.startswith("#"):
            header.append(line)
        else:
            segments.append([*pending, line])
            pending = []
    dropped = max(0, len(segments) - window)
    lines = [*header, f"#EXT-X-MEDIA-SEQUENCE:{dropped}"]
    for segment in segments[dropped:]:
        lines.extend(segment)
    if ended:
        lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


@require_GET
def hls_file(request: HttpRequest, room_slug: str, run_id: str, name: str) -> HttpResponse:
    if not NAME.match(room_slug) or not RUN_ID.match(run_id):
        raise Http404("No such stream.")
    directory = hls_root() / room_slug / run_id
    if SEGMENT_NAME.match(name):
        path = directory / name
        if not path.is_file():
            raise Http404("No such segment.")
        response = FileResponse(path.open("rb"), content_type="video/mp2t")
        response["Cache-Control"] = SEGMENT_CACHE
        return response
    if name not in (PLAYLIST, LIVE_PLAYLIST):
        raise Http404("Not an HLS file name.")
    try:
        full = (directory / PLAYLIST).read_text()
    except FileNotFoundError:
        raise Http404("No such stream (or it has not produced a segment yet).") from None
    body = rolling_playlist(full) if name == LIVE_PLAYLIST else full
    response = HttpResponse(body, content_type=PLAYLIST_TYPE)
    response["Cache-Control"] = FINISHED_CACHE if "#EXT-X-ENDLIST" in full else LIVE_CACHE
    return response
