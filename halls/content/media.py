"""Booth media (videos, posters, documents, ads, audio, logos) served with HTTP range
requests, so that a browser's <video> can seek: 206 with Content-Range for one byte range,
416 for a range past the end, Accept-Ranges, a strong ETag and Last-Modified, and the
content type the upload check found. Files are streamed in chunks, never read whole.

Stored names are random and never reused (a replaced file gets a new name), so responses
are cacheable for a year. In production nginx or a CDN serves the same paths in front of
Django (docs/exhibition.md, "Media"); this view is the reference and the fallback.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from halls.uploads import CONTENT_TYPE_BY_EXTENSION

SERVED_PREFIXES = ("halls/content/", "halls/logos/")  # never confirmations or signed scans
CHUNK_BYTES = 64 * 1024
CACHE_CONTROL = "public, max-age=31536000, immutable"
RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single `bytes=` range, inclusive; None to send the whole
    file (no header, a malformed one, or several ranges, which RFC 9110 lets a server
    ignore); Unsatisfiable when the range starts past the end."""
    match = RANGE_RE.match(header.strip().replace(" ", ""))
    if not match:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":  # suffix: the last N bytes
        length = int(last)
        if length == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None  # invalid: ignored
    if start >= size:
        raise Unsatisfiable
    return start, min(end, size - 1)


def _path(name: str) -> Path:
    if not name.startswith(SERVED_PREFIXES) or ".." in name.split("/") or "\\" in name or "\x00" in name:
        raise Http404
    path = Path(default_storage.path(name))  # SuspiciousFileOperation outside MEDIA_ROOT
    if not path.is_file():
        raise Http404
    return path


def _chunks(path: Path, start: int, length: int) -> Iterator[bytes]:
    with path.open("rb") as file:
        file.seek(start)
        while length > 0:
            data = file.read(min(CHUNK_BYTES, length))
            if not data:
                break
            length -= len(data)
            yield data


async def _achunks(path: Path, start: int, length: int) -> AsyncIterator[bytes]:
    # Under Daphne: file reads in a worker thread, the event loop stays free.
    file = await asyncio.to_thread(path.open, "rb")
    try:
        await asyncio.to_thread(file.seek, start)
        while length > 0:
            data = await asyncio.to_thread(file.read, min(CHUNK_BYTES, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        await asyncio.to_thread(file.close)


def _not_modified(request: HttpRequest, etag: str, mtime: int) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return if_none_match.strip() == "*" or etag in [t.strip() for t in if_none_match.split(",")]
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and mtime <= since


def _range_applies(request: HttpRequest, etag: str, mtime: int) -> bool:
    """If-Range: resume only if the file is still the one the client has part of."""
    if_range = request.headers.get("If-Range")
    if if_range is None:
        return True
    if if_range.startswith('"'):
        return if_range.strip() == etag
    at = parse_http_date_safe(if_range)
    return at is not None and mtime <= at


@require_safe
def serve_media(request: HttpRequest, name: str) -> HttpResponse:
    path = _path(name)
    stat = path.stat()
    size, mtime = stat.st_size, int(stat.st_mtime)
    etag = f'"{size:x}-{stat.st_mtime_ns:x}"'
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Last-Modified": http_date(mtime),
        "Cache-Control": CACHE_CONTROL,
        "X-Content-Type-Options": "nosniff",
    }
    if _not_modified(request, etag, mtime):
        response = HttpResponseNotModified()
        for key, value in headers.items():
            response[key] = value
        return response
    content_type = CONTENT_TYPE_BY_EXTENSION.get(os.path.splitext(name)[1].lstrip(".").lower())
    headers["Content-Type"] = content_type or "application/octet-stream"
    status, start, length = 200, 0, size
    header = request.headers.get("Range")
    if header and _range_applies(request, etag, mtime):
        try:
            window = parse_range(header, size)
        except Unsatisfiable:
            response = HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
            response["Content-Type"] = "text/plain; charset=utf-8"
            response.content = f"Range not satisfiable: the file has {size} bytes.".encode()
            return response
        if window is not None:
            status, start, length = 206, window[0], window[1] - window[0] + 1
            headers["Content-Range"] = f"bytes {window[0]}-{window[1]}/{size}"
    headers["Content-Length"] = str(length)
    if request.method == "HEAD":
        return HttpResponse(status=status, headers=headers)
    chunks = _achunks(path, start, length) if isinstance(request, ASGIRequest) else _chunks(path, start, length)
    return StreamingHttpResponse(chunks, status=status, headers=headers)
