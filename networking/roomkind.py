"""The `dm` room kind: a direct conversation between two people (live's chat: lossless,
sequenced, with history). Only its two participants may join (`members_only`), organizers
included (`private`: no implicit moderator role), and not while either blocks the other."""

from __future__ import annotations

from live.models import Room
from live.registry import RoomKind, only_explicit_moderators
from networking import notices, rules
from networking.models import DirectRoom

KIND = "dm"


def room_slug(low: int, high: int) -> str:
    return f"dm-{low}-{high}"


def create_room(low: int, high: int) -> Room:
    return Room.objects.create(slug=room_slug(low, high), kind=KIND, name="Direct message / 私信", allow_guests=False)


def dm_roles(room: Room, user) -> set[str]:
    if not (user.is_authenticated and user.is_active):
        return set()
    direct = DirectRoom.objects.filter(room=room).first()
    if direct is None or user.pk not in direct.participant_ids():
        return set()
    other = next((pk for pk in direct.participant_ids() if pk != user.pk), None)
    if other is not None and rules.blocked_between(user.pk, other):
        return set()
    return {"member"}


def dm_message(room_id: int, user, text: str) -> None:
    direct = DirectRoom.objects.select_related("room").filter(room_id=room_id).first()
    if direct is not None:
        notices.direct_message(direct, user, text)


DM = RoomKind(
    KIND,
    "Direct message",
    roles_for=dm_roles,
    on_message=dm_message,
    members_only=True,
    private=True,
    moderated_rooms=only_explicit_moderators,
)
