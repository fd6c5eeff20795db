"""Joining and leaving rooms: the one owner of a connection's rooms.

A connection's `Rooms` holds what it joined (by slug and by id), and only it changes them:
`join` (the `room.join` handler), `leave` (`room.leave`, bans, rights rechecks, closing),
`release_held` (the consumer, right after an ack). The consumer reads them to deliver frames.

Joining subscribes first, then reads the room: every event is either in the answer or
arrives live. What arrives while the state is read is held, and sent after the ack unless
the answer has it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from django.core.exceptions import SynchronousOnlyOperation

from live import metrics, protocol
from live.batching import BatchedRead
from live.broadcast import hub, moderators_topic, room_topic
from live.dbread import read_async
from live.errors import LiveError
from live.permissions import RoomAccess
from live.presence import Member, presence
from live.protocol import ErrorCode, JoinState
from live.registry import ROOM_KINDS
from live.services.rooms import open_room, personal_parts, personal_state, room_state, with_own_questions
from live.snapshots import snapshots

logger = logging.getLogger(__name__)

# Until the database says who is joining: nobody, with no rights.
NO_ACCESS = RoomAccess(room_id=0, slug="", user_id=None, roles=frozenset(), banned=True)

# Room ids by slug, learnt by this process: a join of a known room subscribes before it
# reads anything, and then opens and reads the room in one trip to the database.
known_rooms: dict[str, int] = {}


# Slots: one per socket and room, for hours (live/footprint.py says why memory counts).
@dataclass(slots=True)
class JoinedRoom:
    room_id: int
    slug: str
    access: RoomAccess
    # Frames with a seq up to this were part of the join answer: drop them.
    head_seq: int
    # The highest seq delivered; after a message-bus outage, replay starts here.
    last_seq: int = 0
    kind: str = "room"
    # The room kind's on_join, running or done; its result goes to on_leave.
    join_hook: asyncio.Task | None = None
    # While a join reads the room's state: frames that arrived meanwhile, sent after its ack.
    held: list[tuple[int, str]] | None = None
    # Too far behind: frames for this room are dropped until the client rejoins.
    lagging: bool = False
    # While the message bus is away: where replay starts, and what arrived live meanwhile.
    replay_from: int | None = None
    seen_while_replaying: set[int] | None = None

    def __post_init__(self) -> None:
        self.last_seq = max(self.last_seq, self.head_seq)


def _read_personal_parts(keys: list[tuple[Any, Any]]) -> dict[tuple[Any, Any], Any]:
    """For live.batching: (room, user) keys, read room by room."""
    by_room: dict[int, tuple[Any, list]] = {}
    for room, user in keys:
        by_room.setdefault(room.pk, (room, []))[1].append(user)
    found: dict[tuple[Any, Any], Any] = {}
    for room, users in by_room.values():
        parts = personal_parts(room, users)
        for user in users:
            found[(room, user)] = parts[user.pk]
    return found


# The per-person part of the joins of logged-in people, read in batches (a storm's joins share
# queries, never answers: live.batching).
personal_reads: BatchedRead = BatchedRead(_read_personal_parts, missing=None)


def open_and_read(*, slug: str, user, since_seq: int | None, subscribed_to: int | None):
    room, access = open_room(slug=slug, user=user)
    if room.pk != subscribed_to or access.is_moderator:
        return room, access, None  # moderators also need the queue's topic before the read
    return room, access, room_state(room_id=room.pk, access=access, since_seq=since_seq)


class Rooms:
    """The rooms of one connection (`conn`: the consumer, subscribed to the hub as itself)."""

    __slots__ = ("_after_ack", "by_id", "by_slug", "conn")

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.by_slug: dict[str, JoinedRoom] = {}
        # Rooms being joined are here already (their frames are held), not yet by slug.
        self.by_id: dict[int, JoinedRoom] = {}
        # Joins whose held frames go out right after their ack.
        self._after_ack: list[JoinedRoom] = []

    async def join(self, slug: str, since_seq: int | None) -> JoinState:
        conn = self.conn
        if slug in self.by_slug:
            await self.leave(self.by_slug[slug])
        elif len(self.by_slug) >= protocol.MAX_ROOMS_PER_CONNECTION:
            raise LiveError(
                ErrorCode.TOO_MANY_ROOMS, f"At most {protocol.MAX_ROOMS_PER_CONNECTION} rooms per connection."
            )
        joining = None
        room_id = known_rooms.get(slug)
        if room_id is not None:
            joining = self._joining(room_id, slug)
            await hub.subscribe(room_topic(room_id), conn)
            try:
                answer = await self._from_snapshot(joining, since_seq)
            except Exception as error:
                if not isinstance(error, LiveError) or error.code == ErrorCode.NOT_FOUND:
                    known_rooms.pop(slug, None)
                await self.leave(joining)
                raise
            if answer is not None:
                return answer
        try:
            room, access, state = await read_async(open_and_read)(
                slug=slug, user=conn.user, since_seq=since_seq, subscribed_to=room_id
            )
        except Exception:
            known_rooms.pop(slug, None)
            if joining is not None:
                await self.leave(joining)
            raise
        known_rooms[room.slug] = room.pk
        if joining is not None and joining.room_id != room.pk:
            await self.leave(joining)
            joining = None
        if joining is None:
            joining = self._joining(room.pk, room.slug)
        joining.access, joining.kind = access, room.kind
        if state is None:
            await self._subscribe(room.pk, access)
            try:
                state = await read_async(room_state)(room_id=room.pk, access=access, since_seq=since_seq)
            except Exception:
                await self.leave(joining)
                raise
        joining.head_seq = joining.last_seq = state.pop("_head_seq")
        await self._enter(joining)
        state["presence"] = await presence.snapshot(room.pk)
        self._after_ack.append(joining)
        return JoinState.build(**state)

    async def _from_snapshot(self, joining: JoinedRoom, since_seq: int | None) -> JoinState | None:
        """The join answer from this process's shared snapshot of the room (live.snapshots)
        and the per-person rest; None when it must all be read (a moderator, the message bus
        away, a renamed room)."""
        try:
            shared = await snapshots.shared_state(joining.room_id, since_seq)
        except LiveError as error:
            if error.code != ErrorCode.NOT_FOUND:
                raise
            shared = None  # the id learnt for this slug is gone: look the slug up again
        if shared is None or shared[0].slug != joining.slug:
            known_rooms.pop(joining.slug, None)
            return None
        room, base = shared
        user = self.conn.user
        personal = None
        if not user.is_authenticated:
            try:
                personal = personal_state(room=room, user=user, shared=base)
            except SynchronousOnlyOperation:
                personal = None  # a room kind's rule reads the database even for guests
            else:
                if personal is None:
                    return None
        if personal is None:
            part = await personal_reads.load((room, user))
            if isinstance(part, LiveError):
                raise LiveError(part.code, part.message, **part.extra)
            if part is None:
                return None  # a moderator
            access, you, own = part
            personal = access, {"you": you, "questions": with_own_questions(base, own)}
        access, mine = personal
        joining.access, joining.kind = access, room.kind
        state = {**base, **mine}
        joining.head_seq = joining.last_seq = state.pop("_head_seq")
        await self._enter(joining)
        state["presence"] = await presence.snapshot(room.pk)
        self._after_ack.append(joining)
        return JoinState.build(**state)

    def _joining(self, room_id: int, slug: str) -> JoinedRoom:
        joining = JoinedRoom(room_id, slug, NO_ACCESS, head_seq=0, held=[])
        self.by_id[room_id] = joining
        return joining

    async def _subscribe(self, room_id: int, access: RoomAccess) -> None:
        await hub.subscribe(room_topic(room_id), self.conn)
        if access.is_moderator:
            await hub.subscribe(moderators_topic(room_id), self.conn)

    async def _enter(self, joined: JoinedRoom) -> None:
        conn = self.conn
        if hub.status != "ok":
            # Joined while the message bus is away: what follows comes by replay.
            joined.replay_from = joined.last_seq
            joined.seen_while_replaying = set()
        self.by_slug[joined.slug] = joined
        self.by_id[joined.room_id] = joined
        metrics.JOINS.inc()
        metrics.ROOMS_JOINED.inc()
        me = conn.user_ref()
        member = Member(me["id"] if me else None, me["name"] if me else "", joined.access.is_staff)
        await presence.add(joined.room_id, joined.slug, conn.conn_id, member)
        kind = ROOM_KINDS.get(joined.kind)
        if kind is not None and kind.on_join is not None:
            joined.join_hook = asyncio.ensure_future(
                call_hook(kind.on_join, joined.room_id, conn.user, conn.conn_id, conn.guest_session)
            )

    async def release_held(self) -> None:
        """After an ack: send what arrived while each join read its state, except what the
        answer already had."""
        while self._after_ack:
            joined = self._after_ack.pop()
            held, joined.held = joined.held or [], None
            for seq, text in held:
                if seq and seq <= joined.head_seq:
                    continue
                joined.last_seq = max(joined.last_seq, seq)
                await self.conn.send(text_data=text)

    async def leave(self, joined: JoinedRoom) -> None:
        conn = self.conn
        if self.by_slug.pop(joined.slug, None) is not None:
            metrics.ROOMS_JOINED.dec()
        self.by_id.pop(joined.room_id, None)
        await hub.unsubscribe(room_topic(joined.room_id), conn)
        await hub.unsubscribe(moderators_topic(joined.room_id), conn)
        await presence.remove(joined.room_id, conn.conn_id)
        await snapshots.released(joined.room_id)
        kind = ROOM_KINDS.get(joined.kind)
        if kind is not None and kind.on_leave is not None:
            try:
                token = await joined.join_hook if joined.join_hook is not None else None
                await call_hook(kind.on_leave, joined.room_id, conn.user, conn.conn_id, token)
            except Exception:
                logger.exception("room kind %s: leave hook failed", joined.kind)

    async def leave_all(self) -> None:
        for joined in list(self.by_slug.values()):
            await self.leave(joined)


async def call_hook(hook, *args):
    """A room kind's hook: a coroutine function runs here (no database: e.g. closing media);
    a plain function runs in the database thread."""
    if asyncio.iscoroutinefunction(hook):
        return await hook(*args)
    return await database_sync_to_async(hook)(*args)
