"""The meeting's socket command (registered into live.protocol when the app is ready)."""

from __future__ import annotations

from typing import Literal

from live.protocol import ClientFrame, Id, register_client_frame


class MeetingJoin(ClientFrame):
    """Join the call of a confirmed meeting you take part in, from 10 minutes before its start
    until its end: the first to join starts the call and the other participants ring; a later
    one joins the running call (and offers to everyone in it, like after `call.accept`).
    Only its participants join (anyone else: `not_found`; too early or late: `meeting_not_open`).
    Ack: as for `call.request` (`call_id`, `state`, `participants`, `ice_servers`)."""

    type: Literal["meeting.join"]
    meeting_id: Id


def register() -> None:
    register_client_frame(MeetingJoin)
