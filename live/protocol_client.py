"""The frames clients send: the shared field types, the cleaning of people's text and the
table the consumer parses with (imported from live.protocol by everyone else)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from live.protocol_limits import (
    HISTORY_PAGE_MAX,
    MAX_CHAT_LENGTH,
    MAX_INT,
    MAX_POLL_OPTIONS,
    MAX_QUESTION_LENGTH,
    MAX_REF_LENGTH,
    MUTE_MAX_MINUTES,
    REACTIONS,
    SLOW_MODE_MAX_SECONDS,
)

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
