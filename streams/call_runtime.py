"""The async side of calls: this process's ring timers and the connections that took part
in calls, and publishing what a change (streams.calls) says to tell whom, through the hub's
`user:<id>` topic (so across processes too). Per process (see docs/streams.md, "Calls"):
- ring timers: the process that rang someone expires the ring after `ring_seconds()`; if it
  dies first, the next frame about the call expires overdue rings (lazily);
- the connections that took part in a call: when a person's last such connection (in this
  process) closes, they hang up.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from channels.db import database_sync_to_async

from live.errors import LiveError
from live.fanout import apublish, user_topic
from live.protocol import ErrorCode
from streams.call_protocol import CallSignalFrame
from streams.calls import Outcome, expire, hangup, ring_seconds, signal_targets

logger = logging.getLogger(__name__)


class CallRuntime:
    """This process's ring timers and the connections that took part in calls."""

    def __init__(self) -> None:
        self.timers: dict[str, dict[int, asyncio.Task]] = {}
        # conn_id -> (the consumer, {call_id: user_id})
        self.connections: dict[str, tuple[Any, set[str]]] = {}

    async def apply(self, change, conn=None, **kwargs: Any) -> dict[str, Any]:
        out: Outcome = await database_sync_to_async(change)(**kwargs)
        await self.publish(out)
        if out.ended:
            self.stop_timers(out.call_id)
        for user_id in out.rang:
            self.start_timer(out.call_id, user_id)
        if conn is not None and not out.ended:
            self.track(conn, out.call_id)
        if "error" in out.result:
            raise LiveError(ErrorCode.INVALID_STATE, out.result["error"], state=out.result["state"])
        return out.result

    async def publish(self, out: Outcome) -> None:
        for user_ids, frame in out.frames:
            for user_id in user_ids:
                try:
                    await apublish(user_topic(user_id), frame)
                except Exception:
                    logger.exception("calls: telling user %s failed", user_id)

    # ring timers

    def start_timer(self, call_id: str, user_id: int) -> None:
        timers = self.timers.setdefault(call_id, {})
        old = timers.pop(user_id, None)
        if old is not None:
            old.cancel()
        timers[user_id] = asyncio.ensure_future(self._ring_out(call_id, user_id, ring_seconds()))

    async def _ring_out(self, call_id: str, user_id: int, seconds: float) -> None:
        await asyncio.sleep(seconds + 0.05)
        timers = self.timers.get(call_id, {})
        if timers.get(user_id) is asyncio.current_task():
            del timers[user_id]
            if not timers:
                self.timers.pop(call_id, None)
        try:
            out = await database_sync_to_async(expire)(call_id=call_id)
            await self.publish(out)
            if out.ended:
                self.stop_timers(call_id)
        except Exception:
            logger.exception("calls: expiring the ring of call %s failed", call_id)

    def stop_timers(self, call_id: str) -> None:
        for task in self.timers.pop(call_id, {}).values():
            if task is not asyncio.current_task():
                task.cancel()

    # connections

    def track(self, conn, call_id: str) -> None:
        """Remember that this connection takes part in the call; when the person's last such
        connection (in this process) closes, they hang up."""
        entry = self.connections.get(conn.conn_id)
        if entry is None:
            entry = (conn, set())
            self.connections[conn.conn_id] = entry
            self._watch_close(conn)
        entry[1].add(call_id)

    def _watch_close(self, conn) -> None:
        async def closed() -> None:
            await self.connection_closed(conn)

        conn.on_close.append(closed)

    async def connection_closed(self, conn) -> None:
        entry = self.connections.pop(conn.conn_id, None)
        if entry is None:
            return
        user = conn.user
        for call_id in entry[1]:
            still_here = any(
                other.user.pk == user.pk and call_id in calls for other, calls in self.connections.values()
            )
            if still_here:
                continue
            try:
                await self.apply(hangup, user=user, call_id=call_id, reason="disconnected")
            except LiveError:
                pass  # not in the call any more: nothing to do
            except Exception:
                logger.exception("calls: hanging up call %s of a closed connection failed", call_id)

    async def reset(self) -> None:
        """Tests: forget timers and connections."""
        for call_id in list(self.timers):
            self.stop_timers(call_id)
        self.connections.clear()


runtime = CallRuntime()


async def relay_signal(*, conn, call_id: str, to_user_id: int, data: dict[str, Any]) -> None:
    call_key = await database_sync_to_async(signal_targets)(user=conn.user, call_id=call_id, to_user_id=to_user_id)
    runtime.track(conn, call_key)
    frame = CallSignalFrame.build(call_id=call_key, from_user_id=conn.user.pk, data=data)
    await apublish(user_topic(to_user_id), frame)
