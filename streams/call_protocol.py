"""Call frames of the live protocol: client frames, server frames, acks (registered into
live.protocol when the streams app is ready). The commands are streams.call_handlers.

Calls are not room-scoped: a logged-in connection may call the people it shares a room or a
relationship with, at a limited rate (streams.call_reach); frames about a call go to the
connections of its participants only (streams.call_runtime).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from live.protocol import (
    AckFields,
    ClientFrame,
    Id,
    RoomSlug,
    ServerFrame,
    UserRef,
    register_client_frame,
    register_server_frame,
)

# A small meeting: the caller and at most three others, at any one time.
MAX_PARTICIPANTS = 4
MAX_CALLEES = MAX_PARTICIPANTS - 1

CallId = Annotated[str, StringConstraints(min_length=32, max_length=36, pattern=r"^[0-9a-fA-F-]+$")]
# An SDP must fit in one frame (live.protocol.MAX_FRAME_BYTES) with its envelope; real ones are 3–6 KB.
CallSdp = Annotated[str, StringConstraints(min_length=1, max_length=15 * 1024)]
CallStateName = Literal["ringing", "active", "ended"]
ParticipantStatus = Literal["ringing", "joined", "declined", "busy", "missed", "cancelled", "left"]


class CallContext(BaseModel):
    """Where the call started (shown to the callee; stored with the call)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    booth: Id | None = None
    room: RoomSlug | None = None


class SignalData(BaseModel):
    """WebRTC signalling between two participants, relayed as it is: `offer`/`answer` carry
    `sdp`; `ice` carries `candidate` (empty: end of candidates), `sdp_mid`, `sdp_mline_index`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: Literal["offer", "answer", "ice"]
    sdp: CallSdp | None = None
    candidate: Annotated[str, StringConstraints(max_length=1024)] | None = None
    sdp_mid: Annotated[str, StringConstraints(max_length=64)] | None = None
    sdp_mline_index: Annotated[int, Field(ge=0, le=64)] | None = None

    @model_validator(mode="after")
    def fits_type(self) -> SignalData:
        if self.type in ("offer", "answer"):
            if self.sdp is None or self.candidate is not None:
                raise ValueError(f"an {self.type} carries sdp (and no candidate)")
        elif self.candidate is None or self.sdp is not None:
            raise ValueError("an ice message carries candidate (and no sdp)")
        return self


# --- client frames --------------------------------------------------------------------


class CallRequest(ClientFrame):
    """Call one to three people (logged in) who are in a room with you now (both joined) or
    related to you (colleagues, a booth contact, an earlier call); anyone else is `not_found`
    like an unknown id. Calls per caller and per callee are limited (`rate_limited`,
    `retry_after`). Ack: `call_id`, `state`, `participants`, `ice_servers` (with TURN
    credentials of your own when TURN is set up). The callees get `call.ringing`;
    a callee already in a call is declined at once with reason `busy` (`call.declined`).
    Unanswered rings become `call.missed` after the ring timeout."""

    type: Literal["call.request"]
    to_user_ids: Annotated[list[Id], Field(min_length=1, max_length=MAX_CALLEES)]
    context: CallContext | None = None


class CallAccept(ClientFrame):
    """Answer a call ringing for you. Ack (`call_id`, `state: active`, `participants`,
    `ice_servers`: as for `call.request`) and `call.state` to all."""

    type: Literal["call.accept"]
    call_id: CallId


class CallDecline(ClientFrame):
    """Refuse a call ringing for you; the others get `call.declined` (`reason: declined`)."""

    type: Literal["call.decline"]
    call_id: CallId


class CallCancel(ClientFrame):
    """The caller withdraws a call nobody has answered yet (after that: `call.hangup`)."""

    type: Literal["call.cancel"]
    call_id: CallId


class CallHangup(ClientFrame):
    """Leave a call you are in; it ends when fewer than two people remain (and nobody rings)."""

    type: Literal["call.hangup"]
    call_id: CallId


class CallInvite(ClientFrame):
    """A participant adds one more person (at most four in a call; reach and limits as for
    `call.request`): they get `call.ringing`."""

    type: Literal["call.invite"]
    call_id: CallId
    user_id: Id


class CallSignal(ClientFrame):
    """Relay WebRTC signalling to one other participant (both must have joined): only their
    connections get `call.signal`."""

    type: Literal["call.signal"]
    call_id: CallId
    to_user_id: Id
    data: SignalData


CLIENT = (CallRequest, CallAccept, CallDecline, CallCancel, CallHangup, CallInvite, CallSignal)


# --- server frames --------------------------------------------------------------------


class CallParticipantOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user: UserRef
    status: ParticipantStatus


class CallRingingFrame(ServerFrame):
    """To a callee's connections: someone calls you (`from`); answer with `call.accept` or
    `call.decline`."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    type: Literal["call.ringing"]
    call_id: str
    from_: UserRef = Field(alias="from")
    participants: list[CallParticipantOut]
    context: dict[str, Any]


class CallStateFrame(ServerFrame):
    """To the call's participants (and whoever just left it): its state and everyone's status;
    `reason` once ended (cancelled, declined, busy, missed, hung_up, disconnected)."""

    type: Literal["call.state"]
    call_id: str
    state: CallStateName
    participants: list[CallParticipantOut]
    reason: str | None = None


class CallDeclinedFrame(ServerFrame):
    """To the participants: `user` declined (`reason: declined`) or was busy in another call."""

    type: Literal["call.declined"]
    call_id: str
    user: UserRef
    reason: Literal["declined", "busy"]


class CallMissedFrame(ServerFrame):
    """To the participants and to `user`: the call rang for `user` past the ring timeout."""

    type: Literal["call.missed"]
    call_id: str
    user: UserRef


class CallSignalFrame(ServerFrame):
    """To the addressed participant only: signalling from another participant."""

    type: Literal["call.signal"]
    call_id: str
    from_user_id: int
    data: SignalData


class CallAck(AckFields):
    """The call as it is now."""

    call_id: str
    state: CallStateName
    participants: list[CallParticipantOut]


class CallStartAck(CallAck):
    """The call as it is now, and the STUN/TURN servers for its peer connections."""

    ice_servers: list[dict[str, Any]] = Field(description="In the browser's RTCIceServer shape.")


def register() -> None:
    for model in CLIENT:
        register_client_frame(model)
    for model in (CallRingingFrame, CallStateFrame, CallDeclinedFrame, CallMissedFrame, CallSignalFrame):
        register_server_frame(model, sequenced=False)
