"""Who may do what in a room: one place that views, handlers and the admin all ask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from live.models import Room, RoomBan, RoomMute, RoomRole
from live.registry import ROOM_KINDS

STAFF_ROLES = frozenset({"moderator", "speaker", "staff"})


@dataclass(frozen=True)
class RoomAccess:
    room_id: int
    slug: str
    user_id: int | None
    roles: frozenset[str]
    banned: bool

    @property
    def is_moderator(self) -> bool:
        return "moderator" in self.roles

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def can_post(self) -> bool:
        return self.user_id is not None and not self.banned


def roles_in_room(room: Room, user) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    roles: set[str] = set(RoomRole.objects.filter(room=room, user=user).values_list("role", flat=True))
    kind = ROOM_KINDS.get(room.kind)
    if user.is_staff and not (kind is not None and kind.private):
        # Organizers moderate every room (but for private conversations).
        roles.add("moderator")
    if kind is not None and kind.roles_for is not None:
        roles |= kind.roles_for(room, user)
    return frozenset(roles)


def resolve_access(room: Room, user) -> RoomAccess:
    roles = roles_in_room(room, user)
    banned = bool(user.is_authenticated) and RoomBan.objects.filter(room=room, user=user).exists()
    return RoomAccess(
        room_id=room.pk,
        slug=room.slug,
        user_id=user.pk if user.is_authenticated else None,
        roles=roles,
        banned=banned and "moderator" not in roles,
    )


def is_room_moderator(room: Room, user) -> bool:
    return "moderator" in roles_in_room(room, user)


def muted_until(room: Room, user_id: int) -> datetime | None:
    mute = RoomMute.objects.filter(room=room, user_id=user_id, until__gt=timezone.now()).first()
    return mute.until if mute else None
