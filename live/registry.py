"""What other apps plug into the live rooms: room kinds and command handlers.

`live` knows nothing of stages or booths. An app registers a RoomKind (who has which
role in rooms of that kind) and, if it has its own messages, protocol frames and handlers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

if TYPE_CHECKING:
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
    # Hooks, run after the fact, never delaying an ack: plain functions in the database
    # thread, coroutine functions (for work without the database) on the event loop.
    # on_join(room_id, user, connection_id, guest_session) -> a token handed back to on_leave
    # (e.g. a visit); guest_session: a guest's browser session key ("" for none or for users);
    on_join: Callable[[int, Any, str, str], Any] | None = None
    # on_leave(room_id, user, connection_id, token);
    on_leave: Callable[[int, Any, str, Any], None] | None = None
    # on_message(room_id, user, text): a chat message was stored.
    on_message: Callable[[int, Any, str], None] | None = None
    # Only people with a role in the room (from roles_for, RoomRole, or organizers) may join:
    # e.g. an exhibitor's staff room.
    members_only: bool = False
    # (user) -> a Q over rooms of this kind that this person runs from the moderator console,
    # beyond the rooms where they hold a moderator RoomRole (live.selectors.moderated_rooms).
    moderated_rooms: Callable[[Any], Q] = organizers_run_every_room


ROOM_KINDS: dict[str, RoomKind] = {"room": RoomKind("room", "Room")}


def register_room_kind(kind: RoomKind) -> None:
    ROOM_KINDS[kind.name] = kind


Handler = Callable[..., Awaitable[dict[str, Any] | None]]


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    joined: bool
    logged_in: bool
    moderator: bool


COMMANDS: dict[str, Command] = {}


def command(
    name: str, *, joined: bool = True, logged_in: bool = False, moderator: bool = False
) -> Callable[[Handler], Handler]:
    """Register a handler for a client frame type; the consumer does the shared checks:
    `joined` (the frame's room must be joined), `logged_in` (guests refused),
    `moderator` (the connection's role in the room)."""

    def decorate(handler: Handler) -> Handler:
        if name in COMMANDS:
            raise RuntimeError(f"command {name!r} registered twice")
        COMMANDS[name] = Command(name, handler, joined, logged_in or moderator, moderator)
        return handler

    return decorate
