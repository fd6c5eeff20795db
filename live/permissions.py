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


def resolve_access_many(room: Room, users: list) -> dict[int, RoomAccess]:
    """resolve_access for many logged-in people at once (a join storm, live.batching): one
    query per table instead of per person; a room kind's roles with its `roles_for_many` when
    it has one, else person by person."""
    ids = [user.pk for user in users]
    roles: dict[int, set[str]] = {user_id: set() for user_id in ids}
    for user_id, role in RoomRole.objects.filter(room=room, user_id__in=ids).values_list("user_id", "role"):
        roles[user_id].add(role)
    banned = set(RoomBan.objects.filter(room=room, user_id__in=ids).values_list("user_id", flat=True))
    kind = ROOM_KINDS.get(room.kind)
    if kind is not None and kind.roles_for_many is not None:
        extra = kind.roles_for_many(room, users)
    elif kind is not None and kind.roles_for is not None:
        extra = {user.pk: kind.roles_for(room, user) for user in users}
    else:
        extra = {}
    accesses: dict[int, RoomAccess] = {}
    for user in users:
        mine = roles[user.pk] | extra.get(user.pk, set())
        if user.is_staff and not (kind is not None and kind.private):
            mine.add("moderator")
        accesses[user.pk] = RoomAccess(
            room_id=room.pk,
            slug=room.slug,
            user_id=user.pk,
            roles=frozenset(mine),
            banned=user.pk in banned and "moderator" not in mine,
        )
    return accesses


def muted_until_many(room: Room, user_ids: list[int]) -> dict[int, datetime]:
    mutes = RoomMute.objects.filter(room=room, user_id__in=user_ids, until__gt=timezone.now())
    return dict(mutes.values_list("user_id", "until"))


def is_room_moderator(room: Room, user) -> bool:
    return "moderator" in roles_in_room(room, user)


def muted_until(room: Room, user_id: int) -> datetime | None:
    mute = RoomMute.objects.filter(room=room, user_id=user_id, until__gt=timezone.now()).first()
    return mute.until if mute else None
