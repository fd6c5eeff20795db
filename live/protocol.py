"""The live-room wire protocol: every message type, its fields, limits and error codes.

This module is the single definition. The consumer parses client frames with it, the
tests validate every frame the server emits against it, and `docs/protocol.md` is
generated from it (`python manage.py protocol_docs`; a test fails when the file drifts).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from live.registry import COMMANDS, ERROR_CODES, register_error_codes

# --- Limits -------------------------------------------------------------------------

MAX_FRAME_BYTES = 16 * 1024
MAX_REF_LENGTH = 64
# Arrays/objects inside one frame; deeper frames are refused before they are parsed.
MAX_NESTING_DEPTH = 32
# Integers in frames (ids, counts) must fit a database BIGINT.
MAX_INT = 2**63 - 1
MAX_CHAT_LENGTH = 2000
MAX_QUESTION_LENGTH = 500
MAX_POLL_OPTIONS = 10
MAX_ROOMS_PER_CONNECTION = 20
JOIN_RECENT_MESSAGES = 50
RESUME_PAGE_SIZE = 500
HISTORY_PAGE_MAX = 500
# A page of events (join with since_seq, room.history) also stops at about this many bytes.
MAX_PAGE_BYTES = 256 * 1024
# Above this audience: presence without roster; reactions and upvotes as coalesced summaries.
LARGE_ROOM_THRESHOLD = 100
SUMMARY_INTERVAL_SECONDS = 1.0
# Token bucket per connection: sustained frames per second and burst.
CONNECTION_RATE = 10.0
CONNECTION_BURST = 30
# Token bucket per person and room for chat messages and questions (all their connections).
POST_RATE = 1.0
POST_BURST = 5
# Frames refused for rate in a row before the server closes the socket as a flood.
FLOOD_CLOSE_AFTER = 100
REACTIONS = ("👍", "👏", "❤️", "😂", "🎉", "🤔", "🔥", "💯")
MUTE_MAX_MINUTES = 7 * 24 * 60
SLOW_MODE_MAX_SECONDS = 3600


class ErrorCode(StrEnum):
    """The generic codes; apps register their own (live.registry.register_error_codes)."""

    MALFORMED_JSON = "malformed_json"
    FRAME_TOO_LARGE = "frame_too_large"
    UNKNOWN_TYPE = "unknown_type"
    INVALID_FIELDS = "invalid_fields"
    AUTH_FAILED = "auth_failed"
    AUTH_REQUIRED = "auth_required"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    NOT_JOINED = "not_joined"
    TOO_MANY_ROOMS = "too_many_rooms"
    MUTED = "muted"
    BANNED = "banned"
    LOCKED = "locked"
    SLOW_MODE = "slow_mode"
    RATE_LIMITED = "rate_limited"
    WORD_FILTERED = "word_filtered"
    INVALID_STATE = "invalid_state"
    REF_TOO_LONG = "ref_too_long"
    NESTING_TOO_DEEP = "nesting_too_deep"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    INVALID_TEXT = "invalid_text"
    SERVER_ERROR = "server_error"


ERROR_DESCRIPTIONS: dict[ErrorCode, str] = {
    ErrorCode.MALFORMED_JSON: "The frame is not a JSON object.",
    ErrorCode.FRAME_TOO_LARGE: f"The frame is larger than {MAX_FRAME_BYTES} bytes.",
    ErrorCode.UNKNOWN_TYPE: "The `type` is not a message type of this protocol.",
    ErrorCode.INVALID_FIELDS: "A field is missing, of the wrong type, or out of its limits; `message` names it.",
    ErrorCode.AUTH_FAILED: "The API token in an `auth` frame is unknown or revoked.",
    ErrorCode.AUTH_REQUIRED: "Guests may watch but not post: log in or send an `auth` frame.",
    ErrorCode.FORBIDDEN: "Your role in this room does not allow this (e.g. an attendee moderating).",
    ErrorCode.NOT_FOUND: "The room, message, question or poll does not exist (or is not visible to you).",
    ErrorCode.NOT_JOINED: "Join the room (`room.join`) before acting in it.",
    ErrorCode.TOO_MANY_ROOMS: f"One connection may be in at most {MAX_ROOMS_PER_CONNECTION} rooms.",
    ErrorCode.MUTED: "A moderator muted you in this room; `until` says how long.",
    ErrorCode.BANNED: "A moderator banned you from this room.",
    ErrorCode.LOCKED: "The room is locked: only moderators may post.",
    ErrorCode.SLOW_MODE: "Slow mode: wait `retry_after` seconds between messages.",
    ErrorCode.RATE_LIMITED: "Too many frames; slow down (`retry_after` s). A flood far past it closes the socket.",
    ErrorCode.WORD_FILTERED: "The text contains a word this room does not allow.",
    ErrorCode.INVALID_STATE: "Not possible in the current state (e.g. voting on a closed poll).",
    ErrorCode.REF_TOO_LONG: f"The `ref` is longer than {MAX_REF_LENGTH} characters (the error's `ref` is null).",
    ErrorCode.NESTING_TOO_DEEP: f"The frame nests arrays or objects more than {MAX_NESTING_DEPTH} deep.",
    ErrorCode.NUMBER_OUT_OF_RANGE: f"An integer in the frame is beyond ±{MAX_INT} (what a database BIGINT holds).",
    ErrorCode.INVALID_TEXT: "A string contains NUL (`\\u0000`) or a lone UTF-16 surrogate (`\\ud800`–`\\udfff`).",
    ErrorCode.SERVER_ERROR: "An unexpected server error; nothing was stored. Retry with the same `ref`.",
}
# The extra fields of `Error` each generic code may carry.
ERROR_EXTRAS: dict[ErrorCode, tuple[str, ...]] = {
    ErrorCode.NOT_FOUND: ("user_id",),
    ErrorCode.MUTED: ("until",),
    ErrorCode.SLOW_MODE: ("retry_after",),
    ErrorCode.RATE_LIMITED: ("retry_after",),
    ErrorCode.INVALID_STATE: ("state", "status", "limit"),
}
register_error_codes(ERROR_DESCRIPTIONS, app="live", extras=ERROR_EXTRAS)

# WebSocket close codes the server uses.
CLOSE_FLOOD = 4008
CLOSE_ACCOUNT_CLOSED = 4003
CLOSE_CODES = {
    CLOSE_ACCOUNT_CLOSED: "The account was deactivated (or deleted) while connected (after a `room.removed` per room).",
    CLOSE_FLOOD: f"Flood: more than {FLOOD_CLOSE_AFTER} frames refused for rate in a row.",
}

# --- Client frames ------------------------------------------------------------------

Ref = Annotated[str, StringConstraints(max_length=MAX_REF_LENGTH)] | Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]
RoomSlug = Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=r"^[-a-zA-Z0-9_]+$")]
Id = Annotated[int, Field(ge=1, le=MAX_INT)]

# Control characters other than newline and tab (C0, DEL, C1): invisible, they break exports
# and terminals, so people's text is stored without them.
_CONTROL = dict.fromkeys(c for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A))


def clean_text(value: str) -> str:
    """Text people write (chat, questions, polls, reasons): NUL refused, other control
    characters removed, surrounding whitespace stripped."""
    if "\x00" in value:
        raise PydanticCustomError("invalid_text", "Text may not contain NUL characters")
    return value.translate(_CONTROL).strip()


def _non_empty(value: str) -> str:
    if not value:
        raise PydanticCustomError("string_too_short", "String should have at least 1 character")
    return value


_CLEANED = "Control characters other than newline and tab are removed; NUL is refused"


def _text(max_length: int, *, required: bool = True) -> Any:
    if required:
        return Annotated[
            str,
            StringConstraints(min_length=1, max_length=max_length),
            AfterValidator(clean_text),
            AfterValidator(_non_empty),
            Field(description=_CLEANED),
        ]
    cleaned = AfterValidator(clean_text)
    return Annotated[str, StringConstraints(max_length=max_length), cleaned, Field(description=_CLEANED)]


class ClientFrame(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    ref: Ref = Field(description="Client-chosen; echoed in the ack or error.")


class RoomFrame(ClientFrame):
    room: RoomSlug


class Auth(ClientFrame):
    """Authenticate with an API token (scripts, bots, the benchmark). Ack: `user`."""

    type: Literal["auth"]
    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Ping(ClientFrame):
    """Keep-alive; ack carries the server time."""

    type: Literal["ping"]


class RoomJoin(RoomFrame):
    """Enter a room. Ack: the room's state (see below). With `since_seq`, the ack's `events`
    are exactly the sequenced events after it (`has_more` → page on with `room.history`)."""

    type: Literal["room.join"]
    since_seq: Annotated[int, Field(ge=0)] | None = None


class RoomLeave(RoomFrame):
    type: Literal["room.leave"]


class RoomHistory(RoomFrame):
    """Sequenced events after `after_seq`, oldest first, at most `limit`."""

    type: Literal["room.history"]
    after_seq: Annotated[int, Field(ge=0)]
    limit: Annotated[int, Field(ge=1, le=HISTORY_PAGE_MAX)] = 200


class ChatSend(RoomFrame):
    """Post a chat message. Acked (`message_id`, `seq`) only once stored; the same `ref` again
    returns the stored message (`duplicate: true`) instead of posting twice."""

    type: Literal["chat.send"]
    text: _text(MAX_CHAT_LENGTH)


class ChatDelete(RoomFrame):
    """Delete your own message, or any message as a moderator."""

    type: Literal["chat.delete"]
    message_id: Id


class ChatReact(RoomFrame):
    """Toggle a reaction on a message."""

    type: Literal["chat.react"]
    message_id: Id
    emoji: Literal[REACTIONS]  # type: ignore[valid-type]


class QaAsk(RoomFrame):
    """Ask a question; in a moderated room it waits in the queue (`status: pending`)."""

    type: Literal["qa.ask"]
    text: _text(MAX_QUESTION_LENGTH)


class QaUpvote(RoomFrame):
    """Toggle your upvote on an approved question (one per person)."""

    type: Literal["qa.upvote"]
    question_id: Id


class QaModerate(RoomFrame):
    """Moderators: approve or dismiss a question, mark it answered, pin it (or undo)."""

    type: Literal["qa.moderate"]
    question_id: Id
    action: Literal["approve", "dismiss", "answer", "unanswer", "pin", "unpin"]


class PollCreate(RoomFrame):
    """Moderators: create a poll (a draft until opened, unless `open` is true)."""

    type: Literal["poll.create"]
    question: _text(300)
    options: Annotated[list[_text(200)], Field(min_length=2, max_length=MAX_POLL_OPTIONS)]
    open: bool = False


class PollOpen(RoomFrame):
    type: Literal["poll.open"]
    poll_id: Id


class PollClose(RoomFrame):
    type: Literal["poll.close"]
    poll_id: Id


class PollVote(RoomFrame):
    """One vote per person on an open poll; voting again changes your choice."""

    type: Literal["poll.vote"]
    poll_id: Id
    option_id: Id


class ModMute(RoomFrame):
    """Moderators: mute a person in this room for `minutes`."""

    type: Literal["mod.mute"]
    user_id: Id
    minutes: Annotated[int, Field(ge=1, le=MUTE_MAX_MINUTES)]
    reason: _text(300, required=False) = ""


class ModUnmute(RoomFrame):
    type: Literal["mod.unmute"]
    user_id: Id


class ModBan(RoomFrame):
    """Moderators: ban a person from this room; their connections are removed from it."""

    type: Literal["mod.ban"]
    user_id: Id
    reason: _text(300, required=False) = ""


class ModUnban(RoomFrame):
    type: Literal["mod.unban"]
    user_id: Id


class ModSlowMode(RoomFrame):
    """Moderators: seconds each person must wait between messages (0 = off)."""

    type: Literal["mod.slow_mode"]
    seconds: Annotated[int, Field(ge=0, le=SLOW_MODE_MAX_SECONDS)]


class ModLock(RoomFrame):
    """Moderators: lock (only moderators post) or unlock the room."""

    type: Literal["mod.lock"]
    locked: bool


class ModWordFilter(RoomFrame):
    """Moderators: replace the room's blocked words."""

    type: Literal["mod.word_filter"]
    words: Annotated[list[_text(50)], Field(max_length=200)]


class ModAuditLog(RoomFrame):
    """Moderators: the latest moderator actions in this room."""

    type: Literal["mod.audit_log"]
    limit: Annotated[int, Field(ge=1, le=200)] = 50


CLIENT_FRAMES: dict[str, type[ClientFrame]] = {
    model.model_fields["type"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (
        Auth,
        Ping,
        RoomJoin,
        RoomLeave,
        RoomHistory,
        ChatSend,
        ChatDelete,
        ChatReact,
        QaAsk,
        QaUpvote,
        QaModerate,
        PollCreate,
        PollOpen,
        PollClose,
        PollVote,
        ModMute,
        ModUnmute,
        ModBan,
        ModUnban,
        ModSlowMode,
        ModLock,
        ModWordFilter,
        ModAuditLog,
    )
}


def register_client_frame(model: type[ClientFrame]) -> None:
    """Apps (halls, streams) add their own message types here, so the protocol stays one table."""
    name = model.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
    CLIENT_FRAMES[name] = model


# --- Server frames ------------------------------------------------------------------


def validating() -> bool:
    """Whether frames are validated as they are built: in tests and with DEBUG
    (settings.LIVE["VALIDATE_FRAMES"]); in production they are taken as given, for free."""
    from django.conf import settings

    return not settings.configured or settings.LIVE.get("VALIDATE_FRAMES", True)


class Outgoing(BaseModel):
    """What the server sends: frames and ack fields. Build them with `build`."""

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def build(cls, **fields: Any) -> Self:
        """The frame of these fields: validated when `validating()`, else taken as given. A
        `type` field is filled in. Fields left out are left out of the frame too."""
        kind = cls.model_fields.get("type")
        if kind is not None and "type" not in fields:
            fields["type"] = kind.annotation.__args__[0]  # type: ignore[union-attr]
        if validating():
            return cls.model_validate(fields)
        return cls.model_construct(**fields)


def frame_data(frame: BaseModel) -> dict[str, Any]:
    """The JSON-ready dict of a frame built with `build`: exactly the fields it was given."""
    return frame.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)


class ServerFrame(Outgoing):
    pass


class AckFields(Outgoing):
    """The result fields of one command's ack (besides `type` and `ref`); each command
    declares its model (live.registry.command(ack=...))."""


class EmptyAck(AckFields):
    """An ack with no result fields."""


class UserRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int
    name: str


class MessageOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int
    seq: int
    author: UserRef | None = Field(description="null in what is stored of a deleted message.")
    text: str = Field(description="Plain text, never HTML: render it as text. Empty once deleted.")
    created_at: str
    deleted: bool = False
    reactions: dict[str, int] = {}


class QuestionOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int
    author: UserRef | None = Field(description="null once dismissed (withdrawn: its text is gone too).")
    text: str
    status: Literal["pending", "approved", "dismissed"]
    answered: bool
    pinned: bool
    votes: int
    created_at: str


class PollOptionOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int
    text: str
    votes: int


class PollOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: int
    question: str
    state: Literal["draft", "open", "closed"]
    options: list[PollOptionOut]
    total_votes: int


class Presence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    count: int = Field(description="Connected people (guests included) in the room.")
    staff_online: int = Field(description="Moderators, speakers and booth staff in the room now.")
    roster: list[UserRef] | None = Field(
        description=f"Logged-in people, only while the room has at most {LARGE_ROOM_THRESHOLD}."
    )


class RoomSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: str
    kind: str
    name: str
    allow_guests: bool
    qa_moderated: bool
    slow_mode_seconds: int
    locked: bool


class Hello(ServerFrame):
    """Sent once on connect: who you are, the limits in force, and which frame types are
    sequenced events (the apps installed register their own)."""

    type: Literal["hello"]
    user: UserRef | None
    limits: dict[str, int | float]
    sequenced: list[str] = Field(description="The types of the sequenced events: order, dedupe and resume by `seq`.")


class Ack(ServerFrame):
    """The answer to a client frame; the result fields of each command are listed with it."""

    type: Literal["ack"]
    ref: Ref


class Error(ServerFrame):
    """A refusal: nothing was changed. The extra fields a code carries are listed with it."""

    type: Literal["error"]
    ref: Ref | None
    code: str = Field(description="One of the error codes listed above.")
    message: str
    retry_after: int | float | None = Field(None, description="Seconds to wait before trying again")
    until: str | None = Field(None, description="When the mute ends")
    limit: int | None = Field(None, description="The limit that was reached")
    state: str | None = Field(None, description="The current state of the stage or call")
    status: str | None = Field(None, description="The other person's status in the call")
    user_id: int | None = Field(None, description="The person that was not found")

    @model_validator(mode="after")
    def known_code(self) -> Error:
        info = ERROR_CODES.get(self.code)
        if info is None:
            raise ValueError(f"unregistered error code {self.code!r}")
        extras = self.model_fields_set - {"type", "ref", "code", "message"}
        if not extras <= set(info.extras):
            raise ValueError(f"error {self.code!r} carries {sorted(extras)}, declared {list(info.extras)}")
        return self


class You(BaseModel):
    model_config = ConfigDict(extra="forbid")
    moderator: bool
    roles: list[str] = Field(description="moderator, speaker, staff, … (the room kind's roles)")
    can_post: bool
    muted_until: str | None


class JoinState(AckFields):
    """What `room.join` acks with (besides `type` and `ref`)."""

    room: RoomSettings
    seq: int = Field(description="The room's latest sequence number when you joined.")
    you: You = Field(description="Your role here.")
    messages: list[MessageOut] | None = Field(description="Without since_seq: the last messages.")
    events: list[dict[str, Any]] | None = Field(description="With since_seq: the events after it.")
    has_more: bool
    questions: list[QuestionOut]
    polls: list[PollOut]
    presence: Presence


class AuthAck(AckFields):
    user: UserRef


class PingAck(AckFields):
    time: str = Field(description="The server's time (ISO 8601).")


class HistoryAck(AckFields):
    events: list[dict[str, Any]] = Field(description="Sequenced events after `after_seq`, oldest first.")
    has_more: bool


class ChatSendAck(AckFields):
    message_id: int
    seq: int
    duplicate: bool = Field(description="The same `ref` was posted before: this is the stored message.")


class ChatDeleteAck(AckFields):
    seq: int


class ChatReactAck(AckFields):
    reactions: dict[str, int] = Field(description="emoji → count on the message now")


class QaAskAck(AckFields):
    question_id: int
    status: Literal["pending", "approved", "dismissed"]


class QaUpvoteAck(AckFields):
    votes: int


class QaModerateAck(AckFields):
    question: QuestionOut


class PollAck(AckFields):
    poll: PollOut


class ModMuteAck(AckFields):
    until: str


class AuditEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: str
    actor: UserRef | None
    target_user: UserRef | None
    details: dict[str, Any]
    created_at: str


class AuditLogAck(AckFields):
    actions: list[AuditEntry] = Field(description="Newest first.")


# Sequenced events: stored with the room's next `seq`, replayed on resume.
class ChatMessageEvent(ServerFrame):
    type: Literal["chat.message"]
    room: str
    seq: int
    message: MessageOut


class ChatDeletedEvent(ServerFrame):
    type: Literal["chat.deleted"]
    room: str
    seq: int
    message_id: int
    by_moderator: bool


class ChatReactionEvent(ServerFrame):
    type: Literal["chat.reaction"]
    room: str
    seq: int
    message_id: int
    reactions: dict[str, int]


class QaQuestionEvent(ServerFrame):
    """A question became visible to everyone, or changed (votes, answered, pinned, dismissed)."""

    type: Literal["qa.question"]
    room: str
    seq: int
    question: QuestionOut


class PollEvent(ServerFrame):
    """A poll was opened or closed (with its final results)."""

    type: Literal["poll.state"]
    room: str
    seq: int
    poll: PollOut


class RoomUpdatedEvent(ServerFrame):
    """Room settings changed (slow mode, lock, moderation of Q&A)."""

    type: Literal["room.updated"]
    room: str
    seq: int
    settings: RoomSettings


# Ephemeral frames: current state, not replayed (a rejoin returns the state anew).
class PresenceFrame(ServerFrame):
    type: Literal["presence"]
    room: str
    presence: Presence


class PollResultsFrame(ServerFrame):
    """Live results of an open poll, coalesced: at most one per poll per second."""

    type: Literal["poll.results"]
    room: str
    poll: PollOut


class ChatReactionsFrame(ServerFrame):
    """Large rooms only: reaction counts of the messages that changed, at most once per
    second (instead of one `chat.reaction` event per click)."""

    type: Literal["chat.reactions"]
    room: str
    reactions: dict[str, dict[str, int]] = Field(description="message id → emoji → count")


class QaVotesFrame(ServerFrame):
    """Large rooms only: vote counts of the questions that changed, at most once per second."""

    type: Literal["qa.votes"]
    room: str
    votes: dict[str, int] = Field(description="question id → votes")


class QaQueueFrame(ServerFrame):
    """Moderators only: a question entered or left the moderation queue."""

    type: Literal["qa.queue"]
    room: str
    question: QuestionOut


class RoomRemovedFrame(ServerFrame):
    """You were removed from the room (banned, or your rights to be there ended: a membership
    or role gone, the account deactivated); rejoining is refused. `reason` says which."""

    type: Literal["room.removed"]
    room: str
    reason: str


class YourAccess(BaseModel):
    model_config = ConfigDict(extra="forbid")
    moderator: bool
    roles: list[str]
    can_post: bool


class RoomAccessFrame(ServerFrame):
    """Your rights in a joined room changed (a role given or taken, e.g. a moderator's role
    ended): act on `you` from now on, as on the join answer's."""

    type: Literal["room.access"]
    room: str
    you: YourAccess


class ModNoticeFrame(ServerFrame):
    """To the person concerned: you were muted/unmuted (with `until`)."""

    type: Literal["mod.notice"]
    room: str
    action: str
    reason: str = ""
    until: str | None = None


class RoomLaggedFrame(ServerFrame):
    """Your connection fell too far behind in this room (unsent data piled up), so the server
    stopped sending you its frames. Rejoin with `since_seq` (given here) to get what you missed."""

    type: Literal["room.lagged"]
    room: str
    since_seq: int


class ServerStatusFrame(ServerFrame):
    """The server lost (`degraded`) or regained (`ok`) its message bus. While degraded, posts
    are still stored and acked but reach others only later; once `ok`, the server replays to
    each socket the room events it missed, so clients need not rejoin."""

    type: Literal["server.status"]
    status: Literal["ok", "degraded"]
    message: str


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
