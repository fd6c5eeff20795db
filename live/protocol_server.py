"""The frames and ack fields the server sends (imported from live.protocol by everyone
else; the tables of server frames and their registration are in live.protocol)."""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from live.protocol_client import Ref
from live.protocol_limits import LARGE_ROOM_THRESHOLD
from live.registry import ERROR_CODES

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
