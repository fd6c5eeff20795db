"""The meeting's socket command: the checks and the call change in the database thread
(meetings.services.join_call), published by streams' call runtime like any call change."""

from __future__ import annotations

from live.registry import command
from meetings import services
from meetings.protocol import MeetingJoin
from streams.call_protocol import CallStartAck
from streams.call_runtime import runtime
from streams.turn import ice_servers_for, subject_of


@command("meeting.join", joined=False, logged_in=True, ack=CallStartAck)
async def join(conn, frame: MeetingJoin, joined) -> CallStartAck:
    result = await runtime.apply(services.join_call, conn, meeting_id=frame.meeting_id, user=conn.user)
    return CallStartAck.build(**result, ice_servers=ice_servers_for(subject_of(conn)))
