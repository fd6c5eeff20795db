"""The call commands on the room socket: checks of reach and rate (streams.call_reach), then
the change in the database (streams.calls) run by this process's runtime
(streams.call_runtime), which tells the participants."""

from __future__ import annotations

from live.protocol import EmptyAck
from live.registry import command
from streams import call_reach, calls
from streams.call_protocol import (
    CallAccept,
    CallAck,
    CallCancel,
    CallDecline,
    CallHangup,
    CallInvite,
    CallRequest,
    CallSignal,
    CallStartAck,
)
from streams.call_runtime import relay_signal, runtime
from streams.turn import ice_servers_for, subject_of


@command("call.request", joined=False, logged_in=True, ack=CallStartAck)
async def request(conn, frame: CallRequest, joined) -> CallStartAck:
    await call_reach.check_may_ring(conn, list(frame.to_user_ids))
    context = frame.context.model_dump(exclude_none=True) if frame.context else {}
    result = await runtime.apply(
        calls.request, conn, caller=conn.user, to_user_ids=list(frame.to_user_ids), context=context
    )
    return CallStartAck.build(**result, ice_servers=ice_servers_for(subject_of(conn)))


@command("call.accept", joined=False, logged_in=True, ack=CallStartAck)
async def accept(conn, frame: CallAccept, joined) -> CallStartAck:
    result = await runtime.apply(calls.accept, conn, user=conn.user, call_id=frame.call_id)
    return CallStartAck.build(**result, ice_servers=ice_servers_for(subject_of(conn)))


@command("call.decline", joined=False, logged_in=True, ack=CallAck)
async def decline(conn, frame: CallDecline, joined) -> CallAck:
    return CallAck.build(**await runtime.apply(calls.decline, user=conn.user, call_id=frame.call_id))


@command("call.cancel", joined=False, logged_in=True, ack=CallAck)
async def cancel(conn, frame: CallCancel, joined) -> CallAck:
    return CallAck.build(**await runtime.apply(calls.cancel, user=conn.user, call_id=frame.call_id))


@command("call.hangup", joined=False, logged_in=True, ack=CallAck)
async def hangup(conn, frame: CallHangup, joined) -> CallAck:
    return CallAck.build(**await runtime.apply(calls.hangup, user=conn.user, call_id=frame.call_id))


@command("call.invite", joined=False, logged_in=True, ack=CallAck)
async def invite(conn, frame: CallInvite, joined) -> CallAck:
    await call_reach.check_may_ring(conn, [frame.user_id])
    return CallAck.build(
        **await runtime.apply(calls.invite, conn, user=conn.user, call_id=frame.call_id, user_id=frame.user_id)
    )


@command("call.signal", joined=False, logged_in=True, ack=EmptyAck)
async def signal(conn, frame: CallSignal, joined) -> None:
    data = frame.data.model_dump(exclude_none=True)
    await relay_signal(conn=conn, call_id=frame.call_id, to_user_id=frame.to_user_id, data=data)
