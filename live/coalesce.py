"""Poll results pushed at most once per poll per interval, however fast votes arrive."""

from __future__ import annotations

import asyncio
import logging

from channels.db import database_sync_to_async

from live.fanout import apublish, room_topic
from live.services.polls import poll_results

logger = logging.getLogger(__name__)
POLL_RESULTS_INTERVAL = 1.0


class PollResultsCoalescer:
    def __init__(self, interval: float = POLL_RESULTS_INTERVAL) -> None:
        self.interval = interval
        self._pending: set[int] = set()

    def mark(self, poll_id: int) -> None:
        if poll_id in self._pending:
            return
        self._pending.add(poll_id)
        asyncio.get_running_loop().call_later(self.interval, lambda: asyncio.ensure_future(self._flush(poll_id)))

    async def _flush(self, poll_id: int) -> None:
        self._pending.discard(poll_id)
        try:
            room, poll = await database_sync_to_async(poll_results)(poll_id)
        except Exception:
            logger.exception("poll results for %s", poll_id)
            return
        await apublish(room_topic(room.pk), {"type": "poll.results", "room": room.slug, "poll": poll})


poll_results_coalescer = PollResultsCoalescer()
