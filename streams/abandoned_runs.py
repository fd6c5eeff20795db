"""Runs whose writer is gone for good: finished from what storage holds (issue 16).

A process that dies while it packages a stage leaves its run's `Recording` row unfinished and
its playlists without `#EXT-X-ENDLIST`; the stage's `hls_url` (the newest unfinished run of a
live stage) keeps pointing at it. With the shared directory, or a spool on a host that comes
back, `streams.leftovers.recover_leftovers` finishes such runs (the writer's lock tells).
With object storage a host may never come back: its spool is gone, but every segment it
stored is in the bucket. `finish_abandoned_runs` (the beat task `streams.tasks.
finish_abandoned_runs`, every ABANDONED_RUNS_INTERVAL_SECONDS) finishes those from the bucket:
a run counts as abandoned when its writer process (`Recording.writer`) no longer refreshes
its liveness key AND its stored playlist has not changed for ABANDONED_RUN_SECONDS (a live
encoder stores one every ~2 s). Both, because either alone can mislead: the key lives in the
cache, which a misconfigured worker may not share (local memory), and a playlist also stops
changing while a live publisher's video stalls.

Each media playlist (one, or each rendition's and audio lane's under a master) gets
`EXT-X-ENDLIST`, the rolling `live.m3u8` too (players stop at its end instead of waiting);
the row gets its end (the playlist's last change) and duration (its segments); the room
hears `stage.media` with the new `hls_url` (null, or a newer run's) and the recording listed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from live.fanout import publish_on_commit, room_topic
from streams import hls_storage, leftovers, recordings
from streams.hls_ladder import is_master
from streams.hls_storage import LIVE_PLAYLIST, PLAYLIST, PLAYLIST_TYPE
from streams.models import Recording
from streams.protocol import StageMediaFrame
from streams.sfu_cluster import node_is_alive

logger = logging.getLogger(__name__)


@dataclass
class Swept:
    finished: list[str] = field(default_factory=list)  # run ids finished from storage
    removed: list[str] = field(default_factory=list)  # rows whose run stored no playlist
    recovered: list[str] = field(default_factory=list)  # run ids recovered from this host's files


def abandoned_after() -> timedelta:
    return timedelta(seconds=float(settings.STREAMS["ABANDONED_RUN_SECONDS"]))


def _media_names(top: str) -> list[str]:
    """The stored media playlists of a run whose top playlist is `top`."""
    if not is_master(top):
        return [PLAYLIST]
    return [f"{folder}/{PLAYLIST}" for folder in hls_storage.variant_folders(top)]


def _put_playlist(recording: Recording, name: str, text: str) -> None:
    hls_storage.put(
        hls_storage.key(recording.room_slug, recording.run_id, name),
        text.encode(),
        content_type=PLAYLIST_TYPE,
        cache_control=hls_storage.FINISHED_CACHE,
    )


def _finish_stored(recording: Recording) -> float | None:
    """Close a stored run's playlists; its duration (first media playlist), or None when the
    bucket holds no playlist of it."""

    def read(name: str) -> bytes | None:
        return hls_storage.read(hls_storage.key(recording.room_slug, recording.run_id, name))

    top = read(PLAYLIST)
    if top is None:
        return None
    top_text = top.decode(errors="replace")
    durations = []
    for name in _media_names(top_text):
        body = top if name == PLAYLIST else read(name)
        if body is None:  # a rendition the writer never stored: nothing to close
            continue
        text = body.decode(errors="replace")
        if leftovers.ENDLIST not in text:
            text = text + ("" if text.endswith("\n") else "\n") + leftovers.ENDLIST + "\n"
            _put_playlist(recording, name, text)
        folder = name[: -len(PLAYLIST)]
        _put_playlist(recording, folder + LIVE_PLAYLIST, hls_storage.rolling_playlist(text))
        durations.append(round(sum(float(s) for s in leftovers.EXTINF.findall(text)), 3))
    if is_master(top_text):  # the master itself stays: it lists the renditions, not segments
        _put_playlist(recording, PLAYLIST, top_text)
        _put_playlist(recording, LIVE_PLAYLIST, hls_storage.live_master(top_text))
    return durations[0] if durations else 0.0


def _last_change(recording: Recording) -> datetime | None:
    """When the run's stored top playlist last changed (None: there is none)."""
    name = hls_storage.key(recording.room_slug, recording.run_id, PLAYLIST)
    store = hls_storage.storage()
    return store.get_modified_time(name) if store.exists(name) else None


def _announce(rooms: dict[int, str]) -> None:
    """`stage.media` to each room whose runs changed: its `hls_url` now, its recordings."""
    for room_id, room_slug in rooms.items():
        frame = StageMediaFrame.build(
            room=room_slug, hls_url=recordings.live_hls_url(room_id), recordings=recordings.recordings_of(room_id)
        )
        publish_on_commit(room_topic(room_id), frame, room_id=room_id)


def finish_abandoned_runs(*, now: datetime | None = None) -> Swept:
    """Finish the runs whose writer is gone (sync: storage and queries). Safe to run often and
    on several workers at once: a finished row is skipped, and finishing twice writes the
    same playlists."""
    swept = Swept()
    unfinished = Recording.objects.filter(ended_at__isnull=True).select_related("session")
    rooms_of = {r.run_id: (r.session.room_id, r.room_slug) for r in unfinished}
    swept.recovered = leftovers.recover_leftovers().listed  # this host's directory or spool
    touched = dict(rooms_of[run_id] for run_id in swept.recovered if run_id in rooms_of)
    if hls_storage.is_remote():
        now = now or timezone.now()
        cutoff = now - abandoned_after()
        for recording in unfinished.filter(started_at__lt=cutoff).order_by("started_at", "pk"):
            if recording.writer and node_is_alive(recording.writer):
                continue
            changed = _last_change(recording)
            if changed is not None and changed > cutoff:
                continue
            duration = _finish_stored(recording)
            touched[recording.session.room_id] = recording.room_slug
            if duration is None:
                recording.delete()
                swept.removed.append(recording.run_id)
                continue
            Recording.objects.filter(pk=recording.pk, ended_at__isnull=True).update(
                ended_at=changed or now, duration_seconds=duration
            )
            swept.finished.append(recording.run_id)
    if swept.finished or swept.removed:
        logger.warning(
            "recordings: finished %d abandoned run(s) from storage, removed %d without a playlist",
            len(swept.finished),
            len(swept.removed),
        )
    _announce(touched)
    return swept
