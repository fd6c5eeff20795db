from channels.db import database_sync_to_async

from live import selectors
from live.models import Room
from live.protocol import EmptyAck, HistoryAck, JoinState, RoomHistory, RoomJoin, RoomLeave
from live.registry import command


@command("room.join", joined=False, ack=JoinState)
async def join(conn, frame: RoomJoin, joined) -> JoinState:
    return await conn.memberships.join(frame.room, frame.since_seq)


@command("room.leave", ack=EmptyAck)
async def leave(conn, frame: RoomLeave, joined) -> None:
    await conn.leave(joined)


def _history(room_id: int, after_seq: int, limit: int) -> HistoryAck:
    events, has_more = selectors.events_after(Room(pk=room_id), after_seq, limit)
    return HistoryAck.build(events=events, has_more=has_more)


@command("room.history", ack=HistoryAck)
async def history(conn, frame: RoomHistory, joined) -> HistoryAck:
    return await database_sync_to_async(_history)(joined.room_id, frame.after_seq, frame.limit)
