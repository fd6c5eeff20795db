"""What packaging leaves behind: runs a dead process never finished, and old recordings.

Every run's encoder holds an exclusive lock on `writer.lock` in its directory for as long
as it writes (streams.hls); the operating system drops the lock when the process dies,
however it dies. So a playlist without `#EXT-X-ENDLIST` whose lock nobody holds is a
leftover: `recover_leftovers` finishes its playlist (the segments it lists are complete:
FFmpeg writes each under a temporary name first) and lists it as a Recording. It runs once
per process, on the first packaging run (streams.packaging), never at import.

With object storage (streams.hls_storage) the runs are written in this host's spool: a
recovered run is uploaded, and so is a finished one whose last upload failed.

`prune_recordings` deletes recordings older than the retention (and their files): the
`prune_recordings` management command.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from streams import hls_storage
from streams.hls import PLAYLIST, WRITER_LOCK, hls_root
from streams.models import Recording, Session

logger = logging.getLogger(__name__)

ENDLIST = "#EXT-X-ENDLIST"
EXTINF = re.compile(r"^#EXTINF:([0-9.]+)", re.MULTILINE)
# A run directory without a lock file (written before locks existed) counts as abandoned
# once its playlist has not changed for this long.
UNLOCKED_GRACE = timedelta(minutes=5)


def writer_alive(directory: Path) -> bool:
    """Whether some live process still writes this run (holds its writer lock)."""
    lock = directory / WRITER_LOCK
    if not lock.exists():
        playlist = directory / PLAYLIST
        changed = datetime.fromtimestamp(playlist.stat().st_mtime, UTC) if playlist.exists() else None
        return changed is not None and timezone.now() - changed < UNLOCKED_GRACE
    with open(lock, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


@dataclass
class Recovered:
    listed: list[str] = field(default_factory=list)  # run ids finished and listed
    removed: list[str] = field(default_factory=list)  # runs without a segment, deleted


def _finished(directory: Path) -> bool:
    """Every media playlist of the run (one, or each rendition's of a ladder) has ENDLIST."""
    playlists = hls_storage.media_playlists(directory)
    return all(path.exists() and ENDLIST in path.read_text(errors="replace") for path in playlists)


def _finish_playlist(directory: Path) -> float:
    """Append ENDLIST to each media playlist; drop half-written segments. Returns the listed
    media's duration (of the first rendition: they are cut at the same keyframes)."""
    durations = []
    for playlist in hls_storage.media_playlists(directory):
        text = playlist.read_text(errors="replace") if playlist.exists() else ""
        if text and ENDLIST not in text:
            with playlist.open("a") as out:
                out.write(("" if text.endswith("\n") else "\n") + ENDLIST + "\n")
        for partial in playlist.parent.glob("*.tmp"):
            partial.unlink(missing_ok=True)
        durations.append(round(sum(float(seconds) for seconds in EXTINF.findall(text)), 3))
    return durations[0] if durations else 0.0


def _owner(directory: Path) -> tuple[bool, Session | None]:
    """(a Recording row exists for the run, else the stage its directory is named after)."""
    if Recording.objects.filter(run_id=directory.name).exists():
        return True, None
    return False, Session.objects.filter(room__slug=directory.parent.name).only("pk").first()


def _list_recording(directory: Path, duration: float, session: Session | None) -> None:
    ended_at = datetime.fromtimestamp((directory / PLAYLIST).stat().st_mtime, UTC)
    if session is None:
        Recording.objects.filter(run_id=directory.name).update(ended_at=ended_at, duration_seconds=duration)
        return
    Recording.objects.create(
        session=session,
        room_slug=directory.parent.name,
        run_id=directory.name,
        started_at=ended_at - timedelta(seconds=duration),
        ended_at=ended_at,
        duration_seconds=duration,
    )


def recover_leftovers(root: Path | None = None) -> Recovered:
    """Finish and list the runs whose writer is gone (sync: files and queries)."""
    root = hls_root() if root is None else root
    done = Recovered()
    if not root.is_dir():
        return done
    for playlist in sorted(root.glob(f"*/*/{PLAYLIST}")):
        directory = playlist.parent
        finished = _finished(directory)
        unlisted = Recording.objects.filter(run_id=directory.name, ended_at__isnull=True).exists()
        if finished and not unlisted:
            if hls_storage.is_remote() and not writer_alive(directory):
                hls_storage.publish_leftover(directory)  # its last upload failed
            continue
        if writer_alive(directory):
            continue
        has_row, session = _owner(directory)
        if not has_row and session is None:
            logger.warning("recordings: leftover run %s belongs to no stage; left as it is", directory)
            continue
        try:
            duration = _finish_playlist(directory)
            if duration <= 0:
                shutil.rmtree(directory, ignore_errors=True)
                Recording.objects.filter(run_id=directory.name).delete()
                done.removed.append(directory.name)
            else:
                _list_recording(directory, duration, session)
                done.listed.append(directory.name)
                if hls_storage.is_remote():
                    hls_storage.publish_leftover(directory)
        except OSError as error:
            logger.warning("recordings: could not recover %s: %s", directory, error)
    if done.listed or done.removed:
        logger.warning(
            "recordings: recovered %d leftover run(s), removed %d empty", len(done.listed), len(done.removed)
        )
    return done


def retention_days() -> int:
    """STREAMS["RECORDING_RETENTION_DAYS"]; 0 keeps recordings for ever."""
    return int(settings.STREAMS["RECORDING_RETENTION_DAYS"])


@dataclass
class Pruned:
    run_ids: list[str] = field(default_factory=list)
    bytes_freed: int = 0


def _size(directory: Path) -> int:
    total = 0
    for path in directory.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file():
                total += path.stat().st_size
    return total


def prune_recordings(*, days: int, dry_run: bool = False, now: datetime | None = None) -> Pruned:
    """Delete recordings that ended more than `days` days ago, and unfinished ones that
    started before then (sync). Files first, then the row: a crash in between leaves a row
    whose files are gone, which the next run deletes, never files nobody lists."""
    if days < 1:
        raise ValueError("the retention is at least one day")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Recording.objects.filter(ended_at__lt=cutoff) | Recording.objects.filter(
        ended_at__isnull=True, started_at__lt=cutoff
    )
    pruned = Pruned()
    if hls_storage.is_remote():
        for recording in old.order_by("started_at", "pk"):
            pruned.run_ids.append(recording.run_id)
            if not dry_run:
                pruned.bytes_freed += hls_storage.delete_run(recording.room_slug, recording.run_id)
                recording.delete()
        return pruned
    root = hls_root().resolve()
    for recording in old.order_by("started_at", "pk"):
        directory = (root / recording.room_slug / recording.run_id).resolve()
        if root not in directory.parents:  # a slug or run id that would leave the HLS root
            logger.warning("recordings: %s is outside %s; row deleted, no files touched", directory, root)
            directory = None
        pruned.run_ids.append(recording.run_id)
        if directory is not None and directory.is_dir():
            pruned.bytes_freed += _size(directory)
            if not dry_run:
                shutil.rmtree(directory)
        if not dry_run:
            recording.delete()
            with contextlib.suppress(OSError):
                if directory is not None and not any(directory.parent.iterdir()):
                    os.rmdir(directory.parent)
    return pruned
