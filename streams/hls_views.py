"""Serving HLS over plain HTTP (any CDN can carry it): the rolling live playlist, the full
(recording) playlist and the segments of a packaging run (streams.hls), from whichever
storage holds them (streams.hls_storage), so that any process on any host answers.

Public, like a CDN URL: a run's id is a random 128-bit name, known only to those the stage
state was shown to. Segments never change once written (immutable); playlists change while
the run is live and are cached for a second at most.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_GET

from streams import hls_storage
from streams.hls import hls_root
from streams.hls_ladder import is_master
from streams.hls_storage import (
    FINISHED_CACHE,
    LIVE_CACHE,
    LIVE_PLAYLIST,
    LIVE_WINDOW,
    PLAYLIST,
    PLAYLIST_TYPE,
    SEGMENT_CACHE,
    SEGMENT_TYPE,
    rolling_playlist,
)

__all__ = ["FINISHED_CACHE", "LIVE_CACHE", "LIVE_WINDOW", "SEGMENT_CACHE", "hls_file", "rolling_playlist"]

SEGMENT_NAME = re.compile(r"^seg\d{5,9}\.ts$")
NAME = re.compile(r"^[A-Za-z0-9_-]{1,120}$")  # a room slug (live.Room.slug: 120)
RUN_ID = re.compile(r"^[0-9a-f]{32}$")
VARIANT = re.compile(r"^[a-z0-9-]{1,16}$")  # a rendition's folder (streams.hls_ladder): "720p", "audio"
# A redirect to a storage URL (which may be signed for an hour) is cached for less.
REDIRECT_CACHE = "public, max-age=300"


def _playlist_response(full: str, name: str) -> HttpResponse:
    if is_master(full):  # the ladder's master: live.m3u8 points at each rendition's live.m3u8
        body = hls_storage.live_master(full) if name == LIVE_PLAYLIST else full
    else:
        body = rolling_playlist(full) if name == LIVE_PLAYLIST else full
    response = HttpResponse(body, content_type=PLAYLIST_TYPE)
    response["Cache-Control"] = hls_storage.playlist_cache(full)
    return response


def _from_directory(room_slug: str, run_id: str, name: str) -> HttpResponse:
    directory = hls_root() / room_slug / run_id
    if "/" in name:
        variant, name = name.split("/")
        directory = directory / variant
    if SEGMENT_NAME.match(name):
        path = directory / name
        if not path.is_file():
            raise Http404("No such segment.")
        response = FileResponse(path.open("rb"), content_type=SEGMENT_TYPE)
        response["Cache-Control"] = SEGMENT_CACHE
        return response
    try:
        full = (directory / PLAYLIST).read_text()
    except FileNotFoundError:
        raise Http404("No such stream (or it has not produced a segment yet).") from None
    return _playlist_response(full, name)


def _from_storage(room_slug: str, run_id: str, name: str) -> HttpResponse:
    """Object storage: playlists read through (they are small and change), segments streamed
    through or redirected to the storage's own URL (STREAMS["HLS_SEGMENT_REDIRECT"])."""
    stored = hls_storage.key(room_slug, run_id, name)
    folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
    if SEGMENT_NAME.match(name.rsplit("/", 1)[-1]):
        if settings.STREAMS.get("HLS_SEGMENT_REDIRECT"):
            response: HttpResponse = HttpResponseRedirect(hls_storage.storage().url(stored))
            response["Cache-Control"] = REDIRECT_CACHE
            return response
        data = hls_storage.read(stored)
        if data is None:
            raise Http404("No such segment.")
        response = HttpResponse(data, content_type=SEGMENT_TYPE)
        response["Cache-Control"] = SEGMENT_CACHE
        return response
    data = hls_storage.read(hls_storage.key(room_slug, run_id, folder + PLAYLIST))
    if data is None:
        raise Http404("No such stream (or it has not produced a segment yet).")
    return _playlist_response(data.decode(errors="replace"), name.rsplit("/", 1)[-1])


@require_GET
def hls_file(request: HttpRequest, room_slug: str, run_id: str, name: str, variant: str = "") -> HttpResponse:
    """A run's file; `variant` names a rendition's folder of a quality ladder."""
    if not NAME.match(room_slug) or not RUN_ID.match(run_id) or (variant and not VARIANT.match(variant)):
        raise Http404("No such stream.")
    if not SEGMENT_NAME.match(name) and name not in (PLAYLIST, LIVE_PLAYLIST):
        raise Http404("Not an HLS file name.")
    path = f"{variant}/{name}" if variant else name
    if hls_storage.is_remote():
        return _from_storage(room_slug, run_id, path)
    return _from_directory(room_slug, run_id, path)
