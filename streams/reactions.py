"""Stage reactions: emoji bursts over the video. A ceremony's audience may click thousands of
times a second, so clicks are only counted here and every stage gets at most one
`stage.reactions` summary per interval (per process) with the counts since the last one.
Nothing is stored: a reaction is a moment, not a record."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import Literal

from pydantic import Field

from live import protocol
from live.errors import LiveError
from live.fanout import apublish, room_topic
from live.protocol import EmptyAck, ErrorCode, RoomFrame, ServerFrame, register_client_frame, register_server_frame
from live.registry import command

logger = logging.getLogger(__name__)
STAGE_KIND = "stage"


class StageReact(RoomFrame):
    """A reaction to the stage (logged in). Ack: empty. Everyone in the room gets the counts
    in the next `stage.reactions` summary (at most one per second)."""

    type: Literal["stage.react"]
    emoji: Literal[protocol.REACTIONS]  # type: ignore[valid-type]


class StageReactionsFrame(ServerFrame):
    """Reactions on the stage since the previous summary (at most one per second)."""

    type: Literal["stage.reactions"]
    room: str
    counts: dict[str, int] = Field(description="emoji → clicks since the previous summary")


class ReactionCounter:
    """Counts per room; the first click after a flush schedules the next flush."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._counts: dict[int, tuple[str, Counter[str]]] = {}
        # The loop keeps only weak references to tasks: hold each flush until it is done.
        self._flushing: set[asyncio.Task] = set()

    def add(self, room_id: int, slug: str, emoji: str) -> None:
        entry = self._counts.get(room_id)
        if entry is None:
            entry = self._counts[room_id] = (slug, Counter())
            asyncio.get_running_loop().call_later(self.interval, self._start_flush, room_id)
        entry[1][emoji] += 1

    def _start_flush(self, room_id: int) -> None:
        task = asyncio.ensure_future(self.flush(room_id))
        self._flushing.add(task)
        task.add_done_callback(self._flushing.discard)

    async def flush(self, room_id: int) -> None:
        entry = self._counts.pop(room_id, None)
        if entry is None:
            return
        slug, counts = entry
        try:
            await apublish(room_topic(room_id), StageReactionsFrame.build(room=slug, counts=dict(counts)))
        except Exception:
            logger.exception("stage reactions: summary for room %s failed", room_id)


counter = ReactionCounter(protocol.SUMMARY_INTERVAL_SECONDS)


@command("stage.react", logged_in=True, ack=EmptyAck)
async def react(conn, frame: StageReact, joined) -> None:
    if joined.kind != STAGE_KIND:
        raise LiveError(ErrorCode.NOT_FOUND, "This room is not a stage.")
    counter.add(joined.room_id, joined.slug, frame.emoji)


def register() -> None:
    register_client_frame(StageReact)
    register_server_frame(StageReactionsFrame, sequenced=False)
