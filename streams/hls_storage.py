"""Where packaging runs go (issue 16): storage that every process, every host and a CDN can
serve, the "hls" alias of settings.STORAGES.

- A directory (FileSystemStorage, the default): the encoders write straight into
  STREAMS["HLS_ROOT"]/<room slug>/<run id>/, which every process on the host shares
  (`make run`, `make cluster`); streams.hls_views serves it.
- Anything else (S3-compatible object storage through django-storages' S3 backend across
  hosts): the encoder writes into a local spool (STREAMS["HLS_SPOOL"]) and a `RunUploader`
  thread copies each finished segment (immutable) and then the playlists (short cache while
  live) to the storage under the same <room slug>/<run id>/<file> names, and removes the
  spool once the run's last playlist (with EXT-X-ENDLIST) is stored. The rolling
  `live.m3u8` is stored beside `index.m3u8`, so a CDN in front of the bucket needs no origin.

The encoder side only hands a directory and calls `poke()` / `finish()`: what reads the files
(a directory, S3, something else later) is this module's business.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages

from streams.hls_ladder import is_master

logger = logging.getLogger(__name__)

PLAYLIST = "index.m3u8"
LIVE_PLAYLIST = "live.m3u8"
ENDLIST = "#EXT-X-ENDLIST"
PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
SEGMENT_TYPE = "video/mp2t"
LIVE_CACHE = "public, max-age=1"
FINISHED_CACHE = "public, max-age=86400"
SEGMENT_CACHE = "public, max-age=31536000, immutable"
# How many segments the live playlist lists (~12 s): players start near the live edge.
LIVE_WINDOW = 6
# Tries of the last upload of a run before its spool is left for recovery (streams.leftovers).
FINAL_TRIES = 3


def storage() -> Storage:
    return storages["hls"]


def is_remote() -> bool:
    """Whether runs are uploaded (anything but a directory on this host)."""
    return not isinstance(storage(), FileSystemStorage)


def work_root() -> Path:
    """Where encoders write runs: the shared directory itself, or the local spool."""
    return Path(settings.STREAMS["HLS_SPOOL"] if is_remote() else settings.STREAMS["HLS_ROOT"])


def key(room_slug: str, run_id: str, name: str) -> str:
    return f"{room_slug}/{run_id}/{name}"


def playlist_cache(text: str) -> str:
    return FINISHED_CACHE if ENDLIST in text else LIVE_CACHE


def segment_names(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


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
        if line == ENDLIST:
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
        lines.append(ENDLIST)
    return "\n".join(lines) + "\n"


def variant_folders(master: str) -> list[str]:
    """The folders of a master playlist's media playlists (`720p/index.m3u8` → "720p"),
    audio renditions (EXT-X-MEDIA URI) included, in the master's order."""
    uris = [line for line in master.splitlines() if line and not line.startswith("#")]
    uris += [part.split('"')[1] for part in master.split("URI=")[1:]]
    folders: list[str] = []
    for uri in uris:
        folder = uri.rsplit("/", 1)[0] if "/" in uri else ""
        if folder and folder not in folders:
            folders.append(folder)
    return folders


def live_master(master: str) -> str:
    """The master playlist that points at each rendition's rolling `live.m3u8`."""
    return master.replace(f"/{PLAYLIST}", f"/{LIVE_PLAYLIST}")


def media_playlists(directory: Path) -> list[Path]:
    """A run's media playlists (the one `index.m3u8`, or each rendition's under a master)."""
    root = directory / PLAYLIST
    text = root.read_text(errors="replace")
    if not is_master(text):
        return [root]
    return [directory / folder / PLAYLIST for folder in variant_folders(text)]


def put(name: str, data: bytes, *, content_type: str, cache_control: str) -> None:
    """Store (or replace) one file, with the headers a CDN in front of the storage serves."""
    target = storage()
    bucket = getattr(target, "bucket", None)
    if bucket is not None:  # S3: one PUT with the object's Content-Type and Cache-Control
        from storages.utils import clean_name

        bucket.Object(target._normalize_name(clean_name(name))).put(
            Body=data, ContentType=content_type, CacheControl=cache_control
        )
        return
    if target.exists(name):
        target.delete(name)
    target.save(name, ContentFile(data))


def read(name: str) -> bytes | None:
    """A stored file's bytes, or None if there is none."""
    try:
        with storage().open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def delete_run(room_slug: str, run_id: str) -> int:
    """Delete a stored run's files; returns the bytes freed."""
    target = storage()
    prefix = key(room_slug, run_id, "")
    bucket = getattr(target, "bucket", None)
    freed = 0
    if bucket is not None:
        from storages.utils import clean_name

        for item in bucket.objects.filter(Prefix=target._normalize_name(clean_name(prefix))):
            freed += item.size
            item.delete()
        return freed
    with contextlib.suppress(FileNotFoundError):
        for name in target.listdir(prefix)[1]:
            freed += target.size(prefix + name)
            target.delete(prefix + name)
    return freed


class RunUploader(threading.Thread):
    """Copies one run's spool directory to the storage as the encoder writes it: new
    segments first, then the playlists that list them (a reader never sees a playlist
    naming a segment that is not stored yet)."""

    def __init__(self, directory: Path, on_ready: Callable[[], None] = lambda: None) -> None:
        super().__init__(name=f"hls-upload-{directory.name}", daemon=True)
        self.directory = directory
        self.room_slug, self.run_id = directory.parent.name, directory.name
        self.on_ready = on_ready
        self.uploaded: set[str] = set()
        self.ready = False
        self.finished = False  # the last playlist (ENDLIST) is stored and the spool removed
        self._wake = threading.Event()
        self._finishing = False

    def poke(self) -> None:
        """The playlist changed (called from the encoder thread; never blocks)."""
        self._wake.set()

    def finish(self) -> None:
        """The encoder closed the playlist: store the rest, then return."""
        self._finishing = True
        self._wake.set()
        if self.is_alive():
            self.join()
        else:
            self.sync(final=True)

    def run(self) -> None:
        while True:
            self._wake.wait(1.0)
            self._wake.clear()
            if self._finishing:
                self.sync(final=True)
                return
            try:
                self.sync()
            except Exception:  # retried at the next change; never lost in a thread
                logger.exception("HLS upload of %s failed; retrying", self.directory)

    def sync(self, final: bool = False) -> None:
        tries = FINAL_TRIES if final else 1
        for attempt in range(tries):
            try:
                self._sync(final)
                return
            except Exception:
                if attempt + 1 == tries:
                    if final:
                        logger.exception("HLS upload of %s failed; spool kept for recovery", self.directory)
                        return
                    raise
                time.sleep(0.5 * (attempt + 1))

    def _put_playlist(self, name: str, body: str, cache: str) -> None:
        put(key(self.room_slug, self.run_id, name), body.encode(), content_type=PLAYLIST_TYPE, cache_control=cache)

    def _sync(self, final: bool) -> None:
        root = self.directory / PLAYLIST
        if not root.exists():
            return
        top = root.read_text(errors="replace")
        master = is_master(top)
        media: list[tuple[str, str]] = []  # (folder prefix, media playlist text)
        for path in media_playlists(self.directory):
            if not path.exists():
                return  # a rendition has no playlist yet: store none of them
            prefix = "" if path == root else path.parent.name + "/"
            media.append((prefix, top if path == root else path.read_text(errors="replace")))
        for prefix, text in media:  # segments first, then the playlists naming them
            for name in segment_names(text):
                if prefix + name not in self.uploaded:
                    data = (self.directory / (prefix + name)).read_bytes()
                    stored = key(self.room_slug, self.run_id, prefix + name)
                    put(stored, data, content_type=SEGMENT_TYPE, cache_control=SEGMENT_CACHE)
                    self.uploaded.add(prefix + name)
        if not self.uploaded:
            return
        for prefix, text in media:
            self._put_playlist(prefix + PLAYLIST, text, playlist_cache(text))
            self._put_playlist(prefix + LIVE_PLAYLIST, rolling_playlist(text), playlist_cache(text))
        if master:  # last: the renditions it lists are stored
            self._put_playlist(PLAYLIST, top, LIVE_CACHE)
            self._put_playlist(LIVE_PLAYLIST, live_master(top), LIVE_CACHE)
        if not self.ready:
            self.ready = True
            self.on_ready()
        if final and all(ENDLIST in text for _, text in media):
            shutil.rmtree(self.directory, ignore_errors=True)
            self.finished = True


def publish_leftover(directory: Path) -> bool:
    """Store a recovered spool run (its playlist finished by streams.leftovers); sync."""
    uploader = RunUploader(directory)
    uploader.sync(final=True)
    return uploader.finished
