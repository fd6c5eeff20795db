"""Stage frames of the live-room protocol: stream state and WebRTC signalling.

Registered into live.protocol (one table for the consumer, the tests and docs/protocol.md)
when the streams app is ready.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from live.protocol import AckFields, RoomFrame, ServerFrame, UserRef, register_client_frame, register_server_frame
from live.registry import register_error_codes

StreamStateName = Literal["scheduled", "live", "paused", "ended"]


class StageErrorCode(StrEnum):
    PUBLISHER_LIMIT = "publisher_limit"
    VIEWER_LIMIT = "viewer_limit"


ERROR_DESCRIPTIONS = {
    StageErrorCode.PUBLISHER_LIMIT: "The stage has as many publishers as it may (`limit`); unpublish one first.",
    StageErrorCode.VIEWER_LIMIT: "The stage's WebRTC relay is full (`limit` viewers); watch the HLS stream instead.",
}
ERROR_EXTRAS = {code: ("limit",) for code in StageErrorCode}
PeerId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-zA-Z0-9_-]+$")]
# An SDP must fit in one frame (live.protocol.MAX_FRAME_BYTES) with its envelope.
Sdp = Annotated[str, StringConstraints(min_length=1, max_length=15 * 1024)]
# An interpretation's language code (streams.interpretation.LANGUAGES: zh, en, ja, …).
Language = Annotated[str, StringConstraints(min_length=2, max_length=16, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]


# --- client frames --------------------------------------------------------------------


class StageSetState(RoomFrame):
    """Moderators and speakers of a stage: change its stream state (scheduled → live ⇄ paused
    → ended; scheduled → ended cancels). Ack: `state`, `seq`. Everyone gets `stage.state`."""

    type: Literal["stage.set_state"]
    state: StreamStateName


class StageGet(RoomFrame):
    """The stage's current stream state, its publishers and the ICE servers (for latecomers
    and for viewers choosing whom to watch). Ack: `state`, `changed_at`, `publishers`,
    `hls_url` (the live HLS playlist, or null), `recordings` (`url`, `started_at`,
    `ended_at`, `duration_seconds`), what apps pin on the stage (`pinned_jobs`: recruitment,
    through streams.pins), `ice_servers` (STUN; with TURN
    credentials of your own only for the stage's speakers and moderators, who offer first)."""

    type: Literal["stage.get"]


class RtcPublish(RoomFrame):
    """Speakers and moderators: publish camera/microphone to the server. `sdp` is a WebRTC
    offer (complete: with its ICE candidates). Ack: `publisher_id`, `sdp` (the server's
    answer), `ice_servers`. Everyone in the room gets `rtc.publishers`. With `language`: the
    stage's interpreter into that language publishes their voice (audio only, Opus, one per
    language); someone not assigned to interpret this stage into it → `forbidden`."""

    type: Literal["rtc.publish"]
    sdp: Sdp
    language: Language | None = Field(None, description="Interpreters: the language of this audio track.")


class RtcIce(RoomFrame):
    """A trickled ICE candidate for one of your peer connections (`peer_id` is a
    `publisher_id` or a viewer's `peer_id`). The server gathers and sends all its candidates
    in its SDP and does not trickle; send the candidates in your SDP too where you can."""

    type: Literal["rtc.ice"]
    peer_id: PeerId
    candidate: Annotated[str, StringConstraints(max_length=1024)] = Field(
        description="The `candidate:` line; empty means end of candidates."
    )
    sdp_mid: Annotated[str, StringConstraints(max_length=64)] | None = None
    sdp_mline_index: Annotated[int, Field(ge=0, le=64)] | None = None


class RtcSubscribe(RoomFrame):
    """Watch one publisher over WebRTC. Ack: `mode: "webrtc"`, `peer_id`, `sdp` (the server's
    offer: answer it with `rtc.answer`), `ice_servers` (with TURN credentials of your own, a
    guest's too, when TURN is set up). One viewer per connection and
    publisher: subscribing again replaces the earlier one (`rtc.closed`, reason `replaced`).
    An offer not answered and connected within the negotiation timeout is closed (`rtc.closed`,
    reason `timeout`). When the stage's WebRTC relay is full (or, for guests, its share for
    guests is) and the stage is being packaged to HLS: `mode: "hls"`, `hls_url` (play that
    instead); full and no HLS yet: error `viewer_limit` with `limit`."""

    type: Literal["rtc.subscribe"]
    publisher_id: PeerId
    language: Language | None = Field(
        None, description="Hear this language's interpreter instead of the original (the original while none speaks)."
    )


class RtcLanguage(RoomFrame):
    """Switch what one of your viewer peer connections hears: `language` (an interpretation
    of the stage) or null (the original). On the fly, no renegotiation. Ack: `peer_id`,
    `language`, `interpreted` (whether an interpreter for it speaks now; if not you hear the
    original until one does). A viewer without forwarded audio → `invalid_state`."""

    type: Literal["rtc.language"]
    peer_id: PeerId
    language: Language | None


class RtcAnswer(RoomFrame):
    """Your answer to the offer from `rtc.subscribe`."""

    type: Literal["rtc.answer"]
    peer_id: PeerId
    sdp: Sdp


class RtcUnpublish(RoomFrame):
    """Stop publishing; the viewers of it get `rtc.closed`."""

    type: Literal["rtc.unpublish"]
    publisher_id: PeerId


class RtcLeave(RoomFrame):
    """Stop watching (close one viewer peer connection)."""

    type: Literal["rtc.leave"]
    peer_id: PeerId


CLIENT = (
    StageSetState,
    StageGet,
    RtcPublish,
    RtcIce,
    RtcSubscribe,
    RtcLanguage,
    RtcAnswer,
    RtcUnpublish,
    RtcLeave,
)


# --- server frames --------------------------------------------------------------------


class PublisherOut(ServerFrame):
    publisher_id: str
    user: UserRef
    kinds: list[str] = Field(description="Media kinds published: audio, video.")
    language: str | None = Field(None, description="An interpreter's track: its language code (else null).")
    language_name: str | None = Field(None, description="That language's own name (中文, English, …).")


class InterpretingOut(ServerFrame):
    language: str = Field(description="A language code you interpret this stage into.")
    language_name: str = Field(description="Its own name (中文, English, …).")


class StageStateEvent(ServerFrame):
    """A stage's stream state changed (sequenced: latecomers find it in the room's events)."""

    type: Literal["stage.state"]
    room: str
    seq: int
    state: StreamStateName
    previous: StreamStateName
    by: UserRef | None
    at: str


class RtcPublishersFrame(ServerFrame):
    """The stage's publishers now (after a publish or unpublish); ephemeral: `stage.get`
    returns the list anew."""

    type: Literal["rtc.publishers"]
    room: str
    publishers: list[PublisherOut]


class RtcClosedFrame(ServerFrame):
    """To the connection concerned: the server closed one of its peer connections
    (`reason`: unpublished, publisher_left, stage_ended, failed, replaced, timeout,
    rights_ended for a publisher whose speaker role or interpreter assignment ended, and
    speaker_moved for an interpretation whose stage's speaker now publishes on another
    process: publish again, the server takes the voice there)."""

    type: Literal["rtc.closed"]
    room: str
    peer_id: str
    reason: str


class RecordingOut(ServerFrame):
    url: str = Field(description="The recording's HLS VOD playlist.")
    started_at: str
    ended_at: str | None
    duration_seconds: float | None


class StageMediaFrame(ServerFrame):
    """The stage's HLS stream appeared or stopped, or a recording was added (ephemeral:
    `stage.get` returns the same fields anew). `hls_url` is null while nothing is packaged."""

    type: Literal["stage.media"]
    room: str
    hls_url: str | None
    recordings: list[RecordingOut]


# --- acks ---------------------------------------------------------------------------------

IceServers = list[dict[str, Any]]


class StageSetStateAck(AckFields):
    state: StreamStateName
    seq: int


class StageGetAck(AckFields):
    state: StreamStateName
    changed_at: str | None
    recordings: list[RecordingOut]
    publishers: list[PublisherOut]
    hls_url: str | None = Field(description="The live HLS playlist, or null.")
    ice_servers: IceServers = Field(description="STUN/TURN servers, in the browser's RTCIceServer shape.")
    interpreting: list[InterpretingOut] = Field(
        default_factory=list,
        description="The languages the asking person interprets this stage into (organizers assign "
        "them); empty for everybody else. They publish each with `rtc.publish {language}`.",
    )


class RtcPublishAck(AckFields):
    publisher_id: str
    sdp: str = Field(description="The server's answer.")
    sdp_type: Literal["answer"]
    ice_servers: IceServers


class RtcLanguageAck(AckFields):
    peer_id: str
    language: str | None
    interpreted: bool = Field(description="An interpreter for `language` speaks now.")


class RtcSubscribeAck(AckFields):
    mode: Literal["webrtc", "hls"]
    peer_id: str | None = Field(None, description="webrtc: the viewer peer connection.")
    sdp: str | None = Field(None, description="webrtc: the server's offer, to answer with `rtc.answer`.")
    sdp_type: Literal["offer"] | None = None
    ice_servers: IceServers | None = None
    hls_url: str | None = Field(None, description="hls: the playlist to play instead.")


def register() -> None:
    register_error_codes(ERROR_DESCRIPTIONS, app="streams", extras=ERROR_EXTRAS)
    for model in CLIENT:
        register_client_frame(model)
    register_server_frame(StageStateEvent, sequenced=True)
    register_server_frame(RtcPublishersFrame, sequenced=False)
    register_server_frame(RtcClosedFrame, sequenced=False)
    register_server_frame(StageMediaFrame, sequenced=False)
