"""The pre-recorded video of a session (simulive): checked by what its bytes are, then by
decoding it (PyAV), before it is kept. Refusals are `SimuliveFileError`s with a code
(`empty`, `too_large`, `bad_type`, `not_decodable`, `no_video`, `bad_duration`,
`too_many_pixels`) that the API answers in the site's error shape."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from django.conf import settings
from django.core.files.base import File

MB = 1024 * 1024
DEFAULTS = {
    "MAX_BYTES": 2048 * MB,  # a two-hour ceremony at a streaming bitrate
    "MAX_SECONDS": 6 * 3600,
    "MAX_PIXELS": 1920 * 1088,
}
HEAD_BYTES = 32


def limit(name: str) -> int:
    return int(getattr(settings, "SIMULIVE", {}).get(name, DEFAULTS[name]))


class SimuliveFileError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _mp4(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] not in {b"M4A ", b"M4B "}


def _webm(head: bytes) -> bool:
    return head.startswith(b"\x1a\x45\xdf\xa3")  # EBML: WebM and Matroska


KINDS = {"mp4": _mp4, "webm": _webm}


def _size_text(n: int) -> str:
    return f"{n / MB:.1f}".removesuffix(".0") + " MB"


def sniff(upload: Any) -> str:
    """The file's kind ("mp4" or "webm") from its first bytes, whatever its name says."""
    size = upload.size
    if not size:
        raise SimuliveFileError("empty", "The video file is empty.")
    if size > limit("MAX_BYTES"):
        raise SimuliveFileError(
            "too_large", f"The video is {_size_text(size)}; the limit is {_size_text(limit('MAX_BYTES'))}."
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    for extension, test in KINDS.items():
        if test(head):
            return extension
    raise SimuliveFileError("bad_type", "The video must be an MP4 or WebM file; this file's content is not.")


def probe(path: str) -> float:
    """Open and decode the start of the file; its duration in seconds."""
    import av

    try:
        container = av.open(path, mode="r", metadata_errors="ignore")
    except Exception:
        raise SimuliveFileError("not_decodable", "The video does not open as a media file.") from None
    try:
        if not container.streams.video:
            raise SimuliveFileError("no_video", "The file has no video stream.")
        stream = container.streams.video[0]
        seconds = None
        if container.duration is not None:
            seconds = container.duration / av.time_base
        elif stream.duration is not None and stream.time_base is not None:
            seconds = float(stream.duration * stream.time_base)
        if seconds is None or not 0 < seconds <= limit("MAX_SECONDS"):
            raise SimuliveFileError(
                "bad_duration", f"The video has no sane duration (at most {limit('MAX_SECONDS') // 60} min)."
            )
        first = next(container.decode(stream), None)
        if first is None:
            raise SimuliveFileError("not_decodable", "The video has no frame that decodes.")
        if first.width * first.height > limit("MAX_PIXELS"):
            raise SimuliveFileError("too_many_pixels", f"The video is {first.width}×{first.height}, too large.")
        return seconds
    except SimuliveFileError:
        raise
    except Exception:
        raise SimuliveFileError("not_decodable", "The video does not decode.") from None
    finally:
        container.close()


def checked_video(upload: Any) -> tuple[str, float]:
    """Sniff and decode an upload (any file-like with `size`, `read`, `seek`, `chunks`):
    its extension and duration. Nothing is kept when it is refused."""
    extension = sniff(upload)
    handle, path = tempfile.mkstemp(suffix=f".{extension}")
    try:
        with os.fdopen(handle, "wb") as out:
            chunks = upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(MB), b"")
            for chunk in chunks:
                out.write(chunk)
        upload.seek(0)
        return extension, probe(path)
    finally:
        os.unlink(path)


def as_django_file(upload: Any, name: str) -> File:
    upload.seek(0)
    return File(upload, name=name)
