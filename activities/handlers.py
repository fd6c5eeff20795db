"""The roadshow commands on the stage socket (activities/protocol.py)."""

from __future__ import annotations

from channels.db import database_sync_to_async

from activities import roadshows
from activities.protocol import RoadshowGo, RoadshowPitchAck, RoadshowSeen, RoadshowSeenAck
from live.registry import command


@command("roadshow.go", logged_in=True, ack=RoadshowPitchAck)
async def go(conn, frame: RoadshowGo, joined) -> RoadshowPitchAck:
    event = await database_sync_to_async(roadshows.go_to_pitch)(
        room_id=joined.room_id, roles=joined.access.roles, pitch_id=frame.pitch_id
    )
    return RoadshowPitchAck.build(seq=event["seq"], roadshow_pitch=event["roadshow_pitch"])


@command("roadshow.seen", logged_in=True, ack=RoadshowSeenAck)
async def seen(conn, frame: RoadshowSeen, joined) -> RoadshowSeenAck:
    counted = await database_sync_to_async(roadshows.record_view)(
        room_id=joined.room_id, user=conn.user, pitch_id=frame.pitch_id
    )
    return RoadshowSeenAck.build(counted=counted)
