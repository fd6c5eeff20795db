from channels.db import database_sync_to_async

from live import protocol, selectors
from live.consumers import JoinedRoom
from live.errors import LiveError
from live.models import Room
from live.presence import presence
from live.protocol import ErrorCode, RoomHistory, RoomJoin, RoomLeave
from live.registry import command
from live.services.rooms import open_room, room_state


@command("room.join", joined=False)
async def join(conn, frame: RoomJoin, joined) -> dict:
    if frame.room in conn.rooms:
        await conn.leave(conn.rooms[frame.room])
    elif len(conn.rooms) >= protocol.MAX_ROOMS_PER_CONNECTION:
        raise LiveError(ErrorCode.TOO_MANY_ROOMS, f"At most {protocol.MAX_ROOMS_PER_CONNECTION} rooms per connection.")
    room, access = await database_sync_to_async(open_room)(slug=frame.room, user=conn.user)
    # Subscribe first, then read: every event is either in the answer or arrives live. What
    # arrives while the state is read is held, and sent after the ack unless the answer has it.
    joining = JoinedRoom(room.pk, room.slug, access, head_seq=0, kind=room.kind, held=[])
    conn.rooms_by_id[room.pk] = joining
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
    return state


@command("room.leave")
async def leave(conn, frame: RoomLeave, joined) -> None:
    await conn.leave(joined)


def _history(room_id: int, after_seq: int, limit: int) -> dict:
    events, has_more = selectors.events_after(Room(pk=room_id), after_seq, limit)
    return {"events": events, "has_more": has_more}


@command("room.history")
async def history(conn, frame: RoomHistory, joined) -> dict:
    return await database_sync_to_async(_history)(joined.room_id, frame.after_seq, frame.limit)
