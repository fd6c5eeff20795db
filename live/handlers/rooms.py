from channels.db import database_sync_to_async

from live import protocol, selectors
from live.broadcast import hub, room_topic
from live.consumers import JoinedRoom
from live.errors import LiveError
from live.models import Room
from live.permissions import RoomAccess
from live.presence import presence
from live.protocol import EmptyAck, ErrorCode, HistoryAck, JoinState, RoomHistory, RoomJoin, RoomLeave
from live.registry import command
from live.services.rooms import open_room, room_state

# Until the database says who is joining: nobody, with no rights.
NO_ACCESS = RoomAccess(room_id=0, slug="", user_id=None, roles=frozenset(), banned=True)

# Room ids by slug, learnt by this process: a join of a known room subscribes before it
# reads anything, and then opens and reads the room in one trip to the database.
known_rooms: dict[str, int] = {}


def open_and_read(*, slug: str, user, since_seq: int | None, subscribed_to: int | None):
    room, access = open_room(slug=slug, user=user)
    if room.pk != subscribed_to or access.is_moderator:
        return room, access, None  # moderators also need the queue's topic before the read
    return room, access, room_state(room_id=room.pk, access=access, since_seq=since_seq)


@command("room.join", joined=False, ack=JoinState)
async def join(conn, frame: RoomJoin, joined) -> JoinState:
    if frame.room in conn.rooms:
        await conn.leave(conn.rooms[frame.room])
    elif len(conn.rooms) >= protocol.MAX_ROOMS_PER_CONNECTION:
        raise LiveError(ErrorCode.TOO_MANY_ROOMS, f"At most {protocol.MAX_ROOMS_PER_CONNECTION} rooms per connection.")
    # Subscribe first, then read: every event is either in the answer or arrives live. What
    # arrives while the state is read is held, and sent after the ack unless the answer has it.
    joining = None
    room_id = known_rooms.get(frame.room)
    if room_id is not None:
        joining = JoinedRoom(room_id, frame.room, NO_ACCESS, head_seq=0, held=[])
        conn.rooms_by_id[room_id] = joining
        await hub.subscribe(room_topic(room_id), conn)
    try:
        room, access, state = await database_sync_to_async(open_and_read)(
            slug=frame.room, user=conn.user, since_seq=frame.since_seq, subscribed_to=room_id
        )
    except Exception:
        known_rooms.pop(frame.room, None)
        if joining is not None:
            await conn.leave(joining)
        raise
    known_rooms[room.slug] = room.pk
    if joining is not None and joining.room_id != room.pk:
        await conn.leave(joining)
        joining = None
    if joining is None:
        joining = JoinedRoom(room.pk, room.slug, access, head_seq=0, held=[])
        conn.rooms_by_id[room.pk] = joining
    joining.access, joining.kind = access, room.kind
    if state is None:
        await conn.subscribe(room.pk, access)
        try:
            state = await database_sync_to_async(room_state)(room_id=room.pk, access=access, since_seq=frame.since_seq)
        except Exception:
            await conn.leave(joining)
            raise
    joining.head_seq = joining.last_seq = state.pop("_head_seq")
    await conn.enter(joining)
    state["presence"] = await presence.snapshot(room.pk)
    conn.after_ack.append(joining)
    return JoinState.build(**state)


@command("room.leave", ack=EmptyAck)
async def leave(conn, frame: RoomLeave, joined) -> None:
    await conn.leave(joined)


def _history(room_id: int, after_seq: int, limit: int) -> HistoryAck:
    events, has_more = selectors.events_after(Room(pk=room_id), after_seq, limit)
    return HistoryAck.build(events=events, has_more=has_more)


@command("room.history", ack=HistoryAck)
async def history(conn, frame: RoomHistory, joined) -> HistoryAck:
    return await database_sync_to_async(_history)(joined.room_id, frame.after_seq, frame.limit)
