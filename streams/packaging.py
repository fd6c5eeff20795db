"""Ties HLS packaging (streams.hls) to the stages: the process's packagers, recordings in the
database, `stage.media` frames to the room, and the stage state that clients read.

The live playlist's URL comes from the database (streams.recordings.live_hls_url), not from
this process's packagers: a viewer on any process of a cluster gets the same `hls_url`."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from channels.db import database_sync_to_async

from live.batching import BatchedRead
from live.fanout import apublish, room_topic
from streams import leftovers, pins, recordings, selectors, stage
from streams.hls import PackagingRun, StagePackagers
from streams.media import media
from streams.protocol import StageMediaFrame
from streams.sfu_cluster import NODE
from streams.turn import static_ice_servers

logger = logging.getLogger(__name__)

packagers = StagePackagers(media)


def _stored(room_id: int) -> dict[str, Any]:
    """The stage's state from the database (sync: queries)."""
    return {
        **stage.stream_state(room_id),
        "recordings": recordings.recordings_of(room_id),
        "hls_url": recordings.live_hls_url(room_id),
        # What apps above pin on the stage (streams.pins: recruitment's "pinned_jobs").
        **pins.pinned_state(room_id),
    }


def _in_process(room_id: int) -> dict[str, Any]:
    """The stage's media in this process (the relay's dict)."""
    return {"publishers": media.publishers_in(room_id)}


def stage_snapshot(room_id: int) -> dict[str, Any]:
    """The stage's state as `stage.get` and the REST API give it (sync: queries)."""
    return {**_stored(room_id), **_in_process(room_id)}


def _stored_many(room_ids: list[int]) -> dict[int, dict[str, Any]]:
    return {room_id: _stored(room_id) for room_id in room_ids}


# Everyone on a stage page asks `stage.get` right after joining: in the opening minute
# thousands at once, of one room. The askers of the same moment share one read of it
# (live.batching: never a read that started before they asked, so no answer is older than
# its question).
stored_reads: BatchedRead[int, dict[str, Any] | None] = BatchedRead(_stored_many, missing=None)


async def stage_snapshot_async(room_id: int) -> dict[str, Any]:
    # The queries on the read threads; the media dicts, which the event loop changes while
    # peers come and go, read on the loop (iterating them from a thread can raise).
    stored = await stored_reads.load(room_id)
    return {**stored, **_in_process(room_id), "ice_servers": static_ice_servers()}


class _Recovery:
    """Leftovers of dead processes are recovered once per process, at its first packaging
    run (not at import or app start: management commands and tests import this too)."""

    done = False

    async def once(self) -> None:
        if self.done:
            return
        self.done = True
        try:
            await database_sync_to_async(leftovers.recover_leftovers)()
        except Exception:
            logger.exception("recordings: recovering leftovers failed")


recovery = _Recovery()


async def live_hls_url(room_id: int) -> str | None:
    """The stage's live HLS playlist, from any process (a query)."""
    return await database_sync_to_async(recordings.live_hls_url)(room_id)


class _StateWatch:
    """While this process packages stages, their stream state is re-read from the database
    every WATCH_SECONDS: a moderator on another process may have paused or ended the stage
    (its `stage.set_state` ran there); the run stops here within that time. Bounded: the
    loop ends when this process has no run left."""

    WATCH_SECONDS = 2.0

    def __init__(self) -> None:
        self.task: asyncio.Task | None = None

    def ensure(self) -> None:
        # One per event loop (tests run one loop per test; a server has one).
        if self.task is None or self.task.done() or self.task.get_loop() is not asyncio.get_running_loop():
            self.task = asyncio.ensure_future(self._watch())

    async def _watch(self) -> None:
        while packagers.runs:
            await asyncio.sleep(self.WATCH_SECONDS)
            for room_id, run in list(packagers.runs.items()):
                try:
                    if await _live_slug(room_id) is None:
                        await packagers.stage_changed(room_id, run.room_slug, "not live")
                except Exception:
                    logger.exception("HLS: reading the state of room %s failed", room_id)


watch = _StateWatch()


async def _run_changed(run: PackagingRun, event: str) -> None:
    if event == "started":
        watch.ensure()
        await recovery.once()
    elif event == "ready":  # the first segment is stored: listed, so every process finds it
        await database_sync_to_async(recordings.start_recording)(
            room_id=run.room_id,
            room_slug=run.room_slug,
            run_id=run.run_id,
            started_at=datetime.fromtimestamp(run.started_at, UTC),
            writer=NODE,
        )
    elif run.ready and run.encoder.failed is None:
        await database_sync_to_async(recordings.finish_recording)(
            run_id=run.run_id,
            duration_seconds=round(run.encoder.media_seconds, 3),
            # Listed even if it stopped before its "ready" row was written.
            room_id=run.room_id,
            room_slug=run.room_slug,
            started_at=datetime.fromtimestamp(run.started_at, UTC),
        )
    else:
        await database_sync_to_async(recordings.discard_recording)(run.run_id)


async def _languages(room_id: int) -> list[str]:
    """The interpretation languages assigned on the stage (streams.models.Interpreter)."""
    return await database_sync_to_async(selectors.stage_languages)(room_id)


async def _live_slug(room_id: int) -> str | None:
    """The stage's room slug if the database says it is live (set on any process)."""
    return await database_sync_to_async(recordings.live_stage_slug)(room_id)


async def _announce(room_id: int, room_slug: str) -> None:
    """`stage.media` (ephemeral): the live HLS URL appeared or went, or a recording was added."""
    listed = await database_sync_to_async(recordings.recordings_of)(room_id)
    frame = StageMediaFrame.build(room=room_slug, hls_url=await live_hls_url(room_id), recordings=listed)
    try:
        await apublish(room_topic(room_id), frame, room_id=room_id)
    except Exception:
        logger.exception("stage media: announcing HLS failed")


def install() -> None:
    packagers.run_listeners.append(_run_changed)
    packagers.listeners.append(_announce)
    packagers.live_slug_of = _live_slug
    packagers.languages_of = _languages
    media.publisher_listeners.append(packagers.refresh)
