"""The live-room wire protocol: every message type, its fields, limits and error codes.

This module is the single definition. The consumer parses client frames with it, the
tests validate every frame the server emits against it, and `docs/protocol.md` is
generated from it (`python manage.py protocol_docs`; a test fails when the file drifts).

The definitions are split by kind: limits and error codes (live/protocol_limits.py), client
frames (protocol_client.py), server frames (protocol_server.py). Everyone imports them from
here; the tables of server frames that apps extend (`register_server_frame`) live here.
"""

# ruff: noqa: F401  (the definitions of the three parts are re-exported from here)
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from live.protocol_client import (
    _CLEANED,
    _CONTROL,
    CLIENT_FRAMES,
    Auth,
    ChatDelete,
    ChatReact,
    ChatSend,
    ClientFrame,
    Id,
    ModAuditLog,
    ModBan,
    ModLock,
    ModMute,
    ModSlowMode,
    ModUnban,
    ModUnmute,
    ModWordFilter,
    Ping,
    PollClose,
    PollCreate,
    PollOpen,
    PollVote,
    QaAsk,
    QaModerate,
    QaUpvote,
    Ref,
    RoomFrame,
    RoomHistory,
    RoomJoin,
    RoomLeave,
    RoomSlug,
    _non_empty,
    _text,
    clean_text,
    register_client_frame,
)
from live.protocol_limits import (
    CLOSE_ACCOUNT_CLOSED,
    CLOSE_CODES,
    CLOSE_FLOOD,
    CLOSE_SIGNED_OUT,
    CONNECTION_BURST,
    CONNECTION_RATE,
    ERROR_DESCRIPTIONS,
    ERROR_EXTRAS,
    FLOOD_CLOSE_AFTER,
    HISTORY_PAGE_MAX,
    JOIN_RECENT_MESSAGES,
    LARGE_ROOM_THRESHOLD,
    MAX_CHAT_LENGTH,
    MAX_FRAME_BYTES,
    MAX_INT,
    MAX_NESTING_DEPTH,
    MAX_PAGE_BYTES,
    MAX_POLL_OPTIONS,
    MAX_QUESTION_LENGTH,
    MAX_REF_LENGTH,
    MAX_ROOMS_PER_CONNECTION,
    MUTE_MAX_MINUTES,
    POST_BURST,
    POST_RATE,
    REACTIONS,
    RESUME_PAGE_SIZE,
    SLOW_MODE_MAX_SECONDS,
    SUMMARY_INTERVAL_SECONDS,
    ErrorCode,
)
from live.protocol_server import (
    Ack,
    AckFields,
    AuditEntry,
    AuditLogAck,
    AuthAck,
    ChatDeleteAck,
    ChatDeletedEvent,
    ChatMessageEvent,
    ChatReactAck,
    ChatReactionEvent,
    ChatReactionsFrame,
    ChatSendAck,
    EmptyAck,
    Error,
    Hello,
    HistoryAck,
    JoinState,
    MessageOut,
    ModMuteAck,
    ModNoticeFrame,
    Outgoing,
    PingAck,
    PollAck,
    PollEvent,
    PollOptionOut,
    PollOut,
    PollResultsFrame,
    Presence,
    PresenceFrame,
    QaAskAck,
    QaModerateAck,
    QaQuestionEvent,
    QaQueueFrame,
    QaUpvoteAck,
    QaVotesFrame,
    QuestionOut,
    RoomAccessFrame,
    RoomLaggedFrame,
    RoomRemovedFrame,
    RoomSettings,
    RoomUpdatedEvent,
    ServerFrame,
    ServerStatusFrame,
    UserRef,
    You,
    YourAccess,
    frame_data,
    validating,
)
from live.registry import COMMANDS

SEQUENCED_EVENTS: tuple[type[ServerFrame], ...] = (
    ChatMessageEvent,
    ChatDeletedEvent,
    ChatReactionEvent,
    QaQuestionEvent,
    PollEvent,
    RoomUpdatedEvent,
)
EPHEMERAL_FRAMES: tuple[type[ServerFrame], ...] = (
    Hello,
    PresenceFrame,
    PollResultsFrame,
    ChatReactionsFrame,
    QaVotesFrame,
    QaQueueFrame,
    RoomRemovedFrame,
    RoomAccessFrame,
    ModNoticeFrame,
    RoomLaggedFrame,
    ServerStatusFrame,
)
SERVER_FRAMES: dict[str, type[ServerFrame]] = {
    model.model_fields["type"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (Ack, Error, *SEQUENCED_EVENTS, *EPHEMERAL_FRAMES)
}


def sequenced_types() -> list[str]:
    return [frame_type(model) for model in SEQUENCED_EVENTS]


def frame_type(model: type[BaseModel]) -> str:
    return model.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]


def validate_server_frame(frame: dict[str, Any], reply_to: str | None = None) -> ServerFrame:
    """Raise if a frame the server emitted does not match its definition (used by tests).
    An ack's result fields are checked against the ack model of `reply_to`, the type of the
    client frame it answers."""
    model = SERVER_FRAMES.get(frame.get("type", ""))
    if model is None:
        raise ValueError(f"server emitted an undefined frame type {frame.get('type')!r}")
    if model is not Ack:
        return model.model_validate(frame)
    envelope = {key: frame[key] for key in ("type", "ref") if key in frame}
    fields = {key: value for key, value in frame.items() if key not in envelope}
    command = COMMANDS.get(reply_to) if reply_to is not None else None
    if command is not None:
        command.ack.model_validate(fields)
    elif fields and not any(_fits(model, fields) for model in {c.ack for c in COMMANDS.values()}):
        raise ValueError(f"an ack with fields {sorted(fields)} fits no command's ack model")
    return Ack.model_validate(envelope)


def _fits(model: type[BaseModel], fields: dict[str, Any]) -> bool:
    try:
        model.model_validate(fields)
    except ValueError:
        return False
    return True


def register_server_frame(model: type[ServerFrame], *, sequenced: bool) -> None:
    """Apps add their own server frames: sequenced events (stored with a `seq`, replayed) or
    ephemeral frames; tests validate them and the docs list them like the built-in ones."""
    global SEQUENCED_EVENTS, EPHEMERAL_FRAMES
    name = model.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
    if sequenced:
        SEQUENCED_EVENTS = (*[m for m in SEQUENCED_EVENTS if m is not model], model)
    else:
        EPHEMERAL_FRAMES = (*[m for m in EPHEMERAL_FRAMES if m is not model], model)
    SERVER_FRAMES[name] = model
