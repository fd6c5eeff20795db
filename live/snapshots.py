"""The join answer, computed once per room and seq in this process and shared.

Everyone who joins a room at the same moment gets the same settings, seq, last messages (or
events after the same `since_seq`), public questions and open polls: `shared_room_state`.
This process reads it once and hands it to every join until the room changes, and it learns
that the room changed from the frames it receives anyway, as a subscriber of the room's
topic: each frame but a presence count starts a new *generation*, and a computation is used
only by joins of its own generation.

Why that loses nothing: a join subscribes its socket first and only then asks for a
snapshot. A snapshot of the current generation was read after every frame the process has
received, and any frame after the socket subscribed reaches the socket too (held during the
join, sent after the ack unless the answer has it: `head_seq`). A computation that started
before a frame arrived is not handed to joins that come after it (they start another), so
no join gets an answer older than its subscription. While the message bus is away (frames
may be missed) nothing is served from here; a snapshot older than MAX_AGE_SECONDS is read
again (changes made around the live services, such as the admin's, show within that time).

Only the per-person rest (rights, mute, one's own pending questions) is read per join, on
the read threads (live.dbread); a guest's is computed without the database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from live.broadcast import hub, room_topic
from live.dbread import read_async
from live.models import Room
from live.services.rooms import shared_room_state

logger = logging.getLogger(__name__)

MAX_AGE_SECONDS = 10.0
MAX_VARIANTS = 64  # since_seq values kept per room and generation
PRESENCE_PREFIX = '{"type":"presence"'


class RoomWatch:
    """One room's snapshots; a hub subscriber of the room's topic."""

    internal = True  # not a socket: live.broadcast.Hub.dispatch does not count it as a delivery

    def __init__(self, room_id: int) -> None:
        self.room_id = room_id
        self.generation = 0
        # since_seq (None: a fresh join) → (generation, started at, the computation)
        self.computations: dict[int | None, tuple[int, float, asyncio.Future]] = {}
        self.reads = 0  # computations started (tests, the benchmark)

    async def deliver(self, seq: int, room_id: int, remove_room: int, frame: Any) -> None:
        if frame.text.startswith(PRESENCE_PREFIX):
            return  # counts change with every join; the answer reads them anew anyway
        self.changed()

    async def server_status(self, status: str, message: str) -> None:
        self.changed()

    def changed(self) -> None:
        self.generation += 1
        self.computations.clear()

    def get(self, since_seq: int | None) -> asyncio.Future:
        """The shared state for a join that subscribed before this call."""
        entry = self.computations.get(since_seq)
        now = time.monotonic()
        if entry is not None:
            generation, started, future = entry
            failed = future.done() and future.exception() is not None
            if generation == self.generation and now - started < MAX_AGE_SECONDS and not failed:
                return future
        if len(self.computations) >= MAX_VARIANTS:
            self.computations.clear()
        self.reads += 1
        future = asyncio.ensure_future(read_async(shared_room_state)(room_id=self.room_id, since_seq=since_seq))
        # A failure is answered to the joins waiting for it; nobody else must be told.
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        self.computations[since_seq] = (self.generation, now, future)
        return future


class Snapshots:
    def __init__(self) -> None:
        self.rooms: dict[int, RoomWatch] = {}

    async def shared_state(self, room_id: int, since_seq: int | None) -> tuple[Room, dict[str, Any]] | None:
        """(room, shared state) for a join whose socket is subscribed to the room's topic;
        None while the message bus is away (read it all from the database then)."""
        if hub.status != "ok":
            return None
        watch = self.rooms.get(room_id)
        if watch is None:
            watch = self.rooms[room_id] = RoomWatch(room_id)
        if watch not in hub.topics.get(room_topic(room_id), ()):
            # Not (or no longer: the hub was reset) hearing the room: what was read is stale.
            watch.changed()
            await hub.subscribe(room_topic(room_id), watch)
        if hub.status != "ok":
            return None
        room, state = await asyncio.shield(watch.get(since_seq))
        return room, state

    async def released(self, room_id: int) -> None:
        """A socket left the room: when only the watch is left on the topic, stop watching
        (the process no longer hears of the room's changes)."""
        watch = self.rooms.get(room_id)
        if watch is None:
            return
        members = hub.topics.get(room_topic(room_id))
        if members and (len(members) > 1 or watch not in members):
            return
        del self.rooms[room_id]
        watch.changed()
        await hub.unsubscribe(room_topic(room_id), watch)

    async def reset(self) -> None:
        self.rooms.clear()


snapshots = Snapshots()
