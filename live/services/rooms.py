from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.i18n import bilingual
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
    return room, room_access(room, user)


def recheck_rooms(user_id: int, room_ids: list[int]) -> tuple[Any, dict[int, RoomAccess | str]]:
    """After a rights change (live.access): the person as stored now (None when deactivated
    or deleted) and, per room, their access now or why they may no longer be there."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None, {}
    rooms = Room.objects.in_bulk(room_ids)
    verdicts: dict[int, RoomAccess | str] = {}
    for room_id in room_ids:
        room = rooms.get(room_id)
        if room is None:
            verdicts[room_id] = "The room was deleted."
            continue
        try:
            verdicts[room_id] = room_access(room, user)
        except LiveError as error:
            verdicts[room_id] = f"Your access to this room ended: {error.message}"
    return user, verdicts


def room_access(room: Room, user) -> RoomAccess:
    """Whether this person may be in the room, and with which rights (at join, and again
    whenever their rights change)."""
    if not user.is_authenticated and not room.allow_guests:
        raise LiveError(ErrorCode.AUTH_REQUIRED, "This room is for logged-in participants only.")
    access = resolve_access(room, user)
    if access.banned:
        raise LiveError(ErrorCode.BANNED, "You are banned from this room.")
    kind = ROOM_KINDS.get(room.kind)
    if kind is not None and kind.members_only and not access.roles:
        raise LiveError(ErrorCode.FORBIDDEN, bilingual(_("This room is only for its members.")))
    return access


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
