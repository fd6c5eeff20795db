"""Who is in which room, in this process, and coalesced presence broadcasts.

Entries are tied to a connection and removed when its socket closes (Daphne notices a
browser that vanished without a goodbye through TCP close or its ping timeout), so counts
do not drift. Issue 3 moves this to Redis for several processes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from live import protocol
from live.fanout import apublish, room_group

BROADCAST_DELAY = 0.25


@dataclass(frozen=True)
class Member:
    user_id: int | None
    name: str
    staff: bool


class LocalPresence:
    def __init__(self) -> None:
        self.rooms: dict[int, dict[str, Member]] = {}
        self._pending: dict[int, str] = {}

    def add(self, room_id: int, channel: str, member: Member) -> None:
        self.rooms.setdefault(room_id, {})[channel] = member

    def remove(self, room_id: int, channel: str) -> None:
        members = self.rooms.get(room_id)
        if members is not None:
            members.pop(channel, None)
            if not members:
                del self.rooms[room_id]

    def snapshot(self, room_id: int) -> dict[str, Any]:
        members = self.rooms.get(room_id, {}).values()
        people: dict[int, Member] = {m.user_id: m for m in members if m.user_id is not None}
        guests = sum(1 for m in members if m.user_id is None)
        count = len(people) + guests
        roster = None
        if count <= protocol.LARGE_ROOM_ROSTER_LIMIT:
            roster = [{"id": m.user_id, "name": m.name} for m in sorted(people.values(), key=lambda m: m.name)]
        return {"count": count, "staff_online": sum(1 for m in people.values() if m.staff), "roster": roster}

    def changed(self, room_id: int, slug: str) -> None:
        """Coalesce: one broadcast per room per BROADCAST_DELAY, however many joins."""
        if room_id in self._pending:
            return
        self._pending[room_id] = slug
        asyncio.get_running_loop().call_later(BROADCAST_DELAY, lambda: asyncio.ensure_future(self._broadcast(room_id)))

    async def _broadcast(self, room_id: int) -> None:
        slug = self._pending.pop(room_id)
        frame = {"type": "presence", "room": slug, "presence": self.snapshot(room_id)}
        await apublish(room_group(room_id), frame)


presence = LocalPresence()
