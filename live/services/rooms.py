from __future__ import annotations

from typing import Any

from live import protocol, selectors
from live.errors import LiveError
from live.models import Room
from live.permissions import RoomAccess, muted_until, resolve_access
from live.protocol import ErrorCode
from live.registry import ROOM_KINDS


def open_room(*, slug: str, user) -> tuple[Room, RoomAccess]:
    """Find a room and decide whether this person may enter it."""
    room = Room.objects.filter(slug=slug).first()
    if room is None:
        raise LiveError(ErrorCode.NOT_FOUND, f"No room {slug!r}.")
    if not user.is_authenticated and not room.allow_guests:
        raise LiveError(ErrorCode.AUTH_REQUIRED, "This room is for logged-in participants only.")
    access = resolve_access(room, user)
    if access.banned:
        raise LiveError(ErrorCode.BANNED, "You are banned from this room.")
    kind = ROOM_KINDS.get(room.kind)
    if kind is not None and kind.members_only and not access.roles:
        raise LiveError(ErrorCode.FORBIDDEN, "This room is only for its members. 该房间仅限成员进入。")
    return room, access


def room_state(*, room_id: int, access: RoomAccess, since_seq: int | None) -> dict[str, Any]:
    """The join answer. Read after the connection joined the room's group, so that any
    event stored after this read reaches it live, and any before is in here."""
    room = Room.objects.get(pk=room_id)
    state: dict[str, Any] = {
        "room": selectors.room_settings(room),
        "seq": room.last_seq,
        "you": {
            "moderator": access.is_moderator,
            "roles": sorted(access.roles),
            "can_post": access.can_post,
            "muted_until": None,
        },
        "messages": None,
        "events": None,
        "has_more": False,
        # Not sent: group frames up to here are already in this answer (or in history pages).
        "_head_seq": room.last_seq,
    }
    if access.user_id is not None:
        until = muted_until(room, access.user_id)
        state["you"]["muted_until"] = until.isoformat() if until else None
    if since_seq is None:
        state["messages"] = selectors.recent_messages(room)
    else:
        events, has_more = selectors.events_after(room, since_seq, protocol.RESUME_PAGE_SIZE)
        # Page boundary: the client is "at" the last event it got, not at the room's head.
        state["events"], state["has_more"] = events, has_more
        if has_more:
            state["seq"] = events[-1]["seq"]
    state["questions"] = selectors.visible_questions(room, user_id=access.user_id, moderator=access.is_moderator)
    state["polls"] = selectors.visible_polls(room, moderator=access.is_moderator)
    return state
