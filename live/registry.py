"""What other apps plug into the live rooms: room kinds, command handlers, error codes.

`live` knows nothing of stages or booths. An app registers a RoomKind (who has which
role in rooms of that kind) and, if it has its own messages, protocol frames (live.protocol),
handlers with the model of their ack, and the error codes it answers with.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.db.models import Q

if TYPE_CHECKING:
    from pydantic import BaseModel

    from live.models import Room


def organizers_run_every_room(user) -> Q:
    """The default `moderated_rooms`: organizers (Django staff) run every room of the kind."""
    return Q() if user.is_staff else Q(pk__in=[])


def only_explicit_moderators(user) -> Q:
    """A `moderated_rooms` for kinds run by others (booths): only a moderator RoomRole counts."""
    return Q(pk__in=[])


@dataclass(frozen=True)
class RoomKind:
    name: str
    label: str
    # (room, user) -> extra roles ("moderator", "speaker", "staff") the app grants; sync, may query.
    roles_for: Callable[[Room, Any], set[str]] | None = None
    # (room, users) -> {user id: roles}: roles_for for many logged-in people at once (a join
    # storm reads them in batches, live.batching); optional, roles_for is asked per person without.
    roles_for_many: Callable[[Room, list[Any]], dict[int, set[str]]] | None = None
    # Hooks, run after the fact, never delaying an ack: plain functions in the database
    # thread, coroutine functions (for work without the database) on the event loop.
    # on_join(room_id, user, connection_id, guest_session) -> a token handed back to on_leave
    # (e.g. a visit); guest_session: a guest's browser session key ("" for none or for users);
    on_join: Callable[[int, Any, str, str], Any] | None = None
    # on_leave(room_id, user, connection_id, token);
    on_leave: Callable[[int, Any, str, Any], None] | None = None
    # on_message(room_id, user, text): a chat message was stored.
    on_message: Callable[[int, Any, str], None] | None = None
    # on_message_deleted(room_id, author_id, text, created_at): a chat message was deleted; runs
    # in the deleting transaction, so that the app removes its own copies of the text with it.
    on_message_deleted: Callable[[int, int, str, Any], None] | None = None
    # Only people with a role in the room (from roles_for, RoomRole, or organizers) may join:
    # e.g. an exhibitor's staff room.
    members_only: bool = False
    # Private conversations (networking's direct messages): organizers get no implicit
    # moderator role in rooms of this kind, so with `members_only` nobody but the people
    # `roles_for` names may join or read them.
    private: bool = False
    # (user) -> a Q over rooms of this kind that this person runs from the moderator console,
    # beyond the rooms where they hold a moderator RoomRole (live.selectors.moderated_rooms).
    moderated_rooms: Callable[[Any], Q] = organizers_run_every_room
    # async (connection, joined room) -> None: after live.access rechecked this person's rights
    # in a room they stay in (`joined.access` is the new one): the app ends what the old
    # rights allowed and the new do not (a stage: a speaker's or interpreter's publishing).
    on_recheck: Callable[[Any, Any], Any] | None = None


ROOM_KINDS: dict[str, RoomKind] = {"room": RoomKind("room", "Room")}


def register_room_kind(kind: RoomKind) -> None:
    ROOM_KINDS[kind.name] = kind


@dataclass(frozen=True)
class RoomDetail:
    """A field an app adds to the room API's answer (`GET /api/rooms/{slug}`, live/api.py),
    e.g. the programme session a stage room belongs to."""

    name: str
    annotation: Any  # its type, for the OpenAPI document
    description: str
    value: Callable[[Room], Any]  # sync, may query


ROOM_DETAILS: dict[str, RoomDetail] = {}


def register_room_detail(detail: RoomDetail) -> None:
    ROOM_DETAILS[detail.name] = detail


# A handler returns an instance of its command's ack model (live.protocol.AckFields), or
# None when that model has no fields.
Handler = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    # The fields of the ack (live.protocol.AckFields subclass): validated, documented.
    ack: type[BaseModel]
    joined: bool
    logged_in: bool
    moderator: bool


COMMANDS: dict[str, Command] = {}


def command(
    name: str, *, ack: type[BaseModel], joined: bool = True, logged_in: bool = False, moderator: bool = False
) -> Callable[[Handler], Handler]:
    """Register a handler for a client frame type and the model of its ack; the consumer does
    the shared checks: `joined` (the frame's room must be joined), `logged_in` (guests
    refused), `moderator` (the connection's role in the room)."""

    def decorate(handler: Handler) -> Handler:
        if name in COMMANDS:
            raise RuntimeError(f"command {name!r} registered twice")
        COMMANDS[name] = Command(name, handler, ack, joined, logged_in or moderator, moderator)
        return handler

    return decorate


def extend_ack(name: str, fields: Mapping[str, tuple[Any, Any]]) -> type[BaseModel]:
    """Add typed fields to a registered command's ack: an app below lets the apps above it
    plug in parts of its answer (streams' `stage.get` carries what recruitment pins). The ack
    becomes a subclass of the same name, validated and documented with the new fields;
    handlers build `COMMANDS[name].ack`. `fields`: name -> (annotation, pydantic Field)."""
    from pydantic import create_model

    registered = COMMANDS[name]
    model = create_model(
        registered.ack.__name__, __base__=registered.ack, __doc__=registered.ack.__doc__, **dict(fields)
    )
    COMMANDS[name] = replace(registered, ack=model)
    return model


@dataclass(frozen=True)
class ErrorCodeInfo:
    code: str
    description: str
    # The app that answers with it (listed per app in docs/protocol.md).
    app: str
    # Extra fields of the `error` frame this code may carry (live.protocol.Error's).
    extras: tuple[str, ...] = ()


ERROR_CODES: dict[str, ErrorCodeInfo] = {}


def register_error_codes(
    descriptions: Mapping[str, str], *, app: str, extras: Mapping[str, tuple[str, ...]] | None = None
) -> None:
    """Apps add the error codes they answer with (code -> description; a StrEnum member is a
    code), and which extra fields of the error frame each carries (e.g. `limit`)."""
    for code, description in descriptions.items():
        known = ERROR_CODES.get(str(code))
        if known is not None and known.app != app:
            raise RuntimeError(f"error code {code!r} registered by {known.app} already")
        ERROR_CODES[str(code)] = ErrorCodeInfo(str(code), description, app, tuple((extras or {}).get(code, ())))
